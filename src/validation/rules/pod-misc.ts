/**
 * The rest of the pod spec that the first modules do not model (pkg/apis/core/validation,
 * release-1.27): DNS config (`validatePodDNSConfig`, ExpandedDNSConfig on by default in 1.27: 32
 * search paths, 2048 characters), host aliases, envFrom, gRPC probes, generic ephemeral volumes,
 * readiness gates, `spec.os` and the fields a Linux or Windows pod may not set, activeDeadlineSeconds,
 * and pod overhead without a RuntimeClass (RuntimeClass admission). Not modelled:
 * terminationGracePeriodSeconds (1.27 turns a negative value into 1 instead of rejecting it),
 * container port hostIP (not validated in 1.27), resourceClaims (DynamicResourceAllocation is alpha
 * and off: the field is dropped).
 */
import type { RuleModule } from './module';
import { dns1123SubdomainErrors, envVarNameErrors, noBackstepsErrors, portNumberErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { isIpSloppy } from '../../private/k8s-net';
import { maskTrailingDash, shown } from '../../private/k8s-pod-more';
import { arr, child, index, int, isObj, isSet, obj, q, str } from '../core/json';
import type { PodSpecRef } from '../core/kinds';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { claimSpecFindings, podSpecCheck } from './pod-more-common';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'POD-DNSCONFIG': {
    layer: 'api',
    severity: E,
    summary: 'dnsPolicy None without dnsConfig nameservers; more than 3 nameservers or one that is not an IP; more than 32 search domains or 2048 characters; a search domain that is not a DNS-1123 subdomain; an option without name',
    fix: 'with dnsPolicy: None give dnsConfig.nameservers (IP addresses, at most 3); searches are domain names (at most 32); options need a name',
    source: `validatePodDNSConfig (${V}; ExpandedDNSConfig limits)`,
  },
  'POD-HOSTALIASES': {
    layer: 'api',
    severity: E,
    summary: 'hostAliases entry whose ip is not an IP address or whose hostname is not a DNS-1123 subdomain',
    fix: 'give each hostAliases entry an IP address and lower-case host names',
    source: `ValidateHostAliases (${V})`,
  },
  'CTR-ENVFROM': {
    layer: 'api',
    severity: E,
    summary: 'envFrom entry with an invalid prefix, with no or both of configMapRef/secretRef, or a ref without a valid name',
    fix: 'give each envFrom entry one of configMapRef or secretRef with a name; a prefix must itself be a valid variable name (letters, digits, \'_\', \'-\', \'.\'; not starting with a digit)',
    source: `ValidateEnvFrom, validateConfigMapEnvSource, validateSecretEnvSource (${V})`,
  },
  'CTR-GRPC': {
    layer: 'api',
    severity: E,
    summary: 'gRPC probe port outside 1..65535',
    fix: 'set grpc.port to the container\'s gRPC port (1..65535)',
    source: `validateGRPCAction (${V}; GRPCContainerProbe is GA in 1.27)`,
  },
  'VOL-EPHEMERAL': {
    layer: 'api',
    severity: E,
    summary: 'generic ephemeral volume without volumeClaimTemplate, with template metadata other than labels/annotations, or an invalid claim spec (no access modes, no positive storage request, bad storageClassName)',
    fix: 'give ephemeral.volumeClaimTemplate a spec with accessModes and resources.requests.storage; its metadata may only hold labels and annotations',
    source: `validateEphemeralVolumeSource, ValidatePersistentVolumeClaimTemplate (${V})`,
  },
  'POD-READINESS-GATES': {
    layer: 'api',
    severity: E,
    summary: 'readiness gate conditionType is not a qualified name',
    fix: 'name the condition as a qualified name, e.g. example.com/feature-1',
    source: `validateReadinessGates (${V})`,
  },
  'POD-OS': {
    layer: 'api',
    severity: E,
    summary: 'spec.os without name or with a name other than linux/windows; a linux pod with windowsOptions; a windows pod with Linux-only security fields, hostPID or hostIPC',
    fix: 'set os.name to linux or windows, and only the security settings of that OS',
    source: `validateOS, validateLinux, validateWindows (${V})`,
  },
  'POD-ACTIVEDEADLINE': {
    layer: 'api',
    severity: E,
    summary: 'activeDeadlineSeconds of a Pod or Job pod template outside 1..2147483647',
    fix: 'use a positive number of seconds, or omit the field',
    source: `ValidatePodSpec (${V})`,
  },
  'CTR-VOLUMEDEVICES': {
    layer: 'api',
    severity: E,
    summary: 'volumeDevices entry naming no volume or a volume that is not a PersistentVolumeClaim/ephemeral volume, repeated, with a devicePath containing \'..\', or clashing with a volumeMount',
    fix: 'name a persistentVolumeClaim (or ephemeral) volume of the pod, once, at a devicePath no volumeMount uses',
    source: `ValidateVolumeDevices (${V})`,
  },
  'POD-RUNTIMECLASS-NAME': {
    layer: 'api',
    severity: E,
    summary: 'runtimeClassName is not a DNS-1123 subdomain',
    fix: 'use the name of a RuntimeClass (lower-case letters, digits, \'-\' and \'.\')',
    source: `ValidatePodSpec: ValidateRuntimeClassName (${V})`,
  },
  'POD-OVERHEAD': {
    layer: 'api',
    severity: Severity.WARNING,
    summary: 'Pod with spec.overhead and no runtimeClassName: the RuntimeClass admission plugin (on by default) rejects it',
    fix: 'remove overhead (a RuntimeClass sets it), or name the RuntimeClass that defines it',
    source: 'RuntimeClass admission plugin validateOverhead (plugin/pkg/admission/runtimeclass, release-1.27)',
  },
});

const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_CHARS = 2048;

/** `validatePodDNSConfig`. */
function dnsConfig(r: DocReporter, spec: Record<string, any>, p: string): void {
  const dp = child(p, 'dnsConfig');
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!isObj(cfg)) {
      r.add('POD-DNSCONFIG', dp, 'Required value: must provide `dnsConfig` when `dnsPolicy` is None');
      return;
    }
    if (arr(cfg.nameservers).length === 0) {
      r.add('POD-DNSCONFIG', child(dp, 'nameservers'), 'Required value: must provide at least one DNS nameserver when `dnsPolicy` is None');
      return;
    }
  }
  if (!isObj(cfg)) {
    return;
  }
  const ns = arr(cfg.nameservers);
  if (ns.length > MAX_NAMESERVERS) {
    r.add('POD-DNSCONFIG', child(dp, 'nameservers'), `Invalid value: ${shown(ns)}: must not have more than ${MAX_NAMESERVERS} nameservers`);
  }
  ns.forEach((n, i) => {
    if (typeof n === 'string' && !isIpSloppy(n)) {
      r.add('POD-DNSCONFIG', index(child(dp, 'nameservers'), i), `Invalid value: ${q(n)}: must be valid IP address`);
    }
  });
  const searches = arr(cfg.searches);
  if (searches.length > MAX_SEARCH_PATHS) {
    r.add('POD-DNSCONFIG', child(dp, 'searches'), `Invalid value: ${shown(searches)}: must not have more than ${MAX_SEARCH_PATHS} search paths`);
  }
  if (searches.every((s) => typeof s === 'string') && searches.join(' ').length > MAX_SEARCH_CHARS) {
    r.add('POD-DNSCONFIG', child(dp, 'searches'), `Invalid value: ${shown(searches)}: must not have more than ${MAX_SEARCH_CHARS} characters (including spaces) in the search list`);
  }
  searches.forEach((s, i) => {
    // A trailing dot is fine; a lone "." is left alone (newer releases accept it explicitly).
    if (typeof s !== 'string' || s === '.') {
      return;
    }
    const name = s.endsWith('.') ? s.slice(0, -1) : s;
    for (const e of dns1123SubdomainErrors(name)) {
      r.add('POD-DNSCONFIG', index(child(dp, 'searches'), i), `Invalid value: ${q(name)}: ${e}`);
    }
  });
  arr(cfg.options).forEach((o, i) => {
    if (isObj(o) && (!isSet(o.name) || o.name === '')) {
      r.add('POD-DNSCONFIG', index(child(dp, 'options'), i), 'Required value: must not be empty');
    }
  });
}

/** `ValidateHostAliases` (the API server reports on `hostAliases.ip` / `hostAliases.hostnames`, without index). */
function hostAliases(r: DocReporter, list: unknown, p: string): void {
  for (const h of arr(list)) {
    if (!isObj(h)) {
      continue;
    }
    const ip = isSet(h.ip) ? str(h.ip) : '';
    if (ip !== undefined && !isIpSloppy(ip)) {
      r.add('POD-HOSTALIASES', child(p, 'ip'), `Invalid value: ${q(ip)}: must be valid IP address`);
    }
    for (const hn of arr(h.hostnames)) {
      if (typeof hn === 'string') {
        for (const e of dns1123SubdomainErrors(hn)) {
          r.add('POD-HOSTALIASES', child(p, 'hostnames'), `Invalid value: ${q(hn)}: ${e}`);
        }
      }
    }
  }
}

/** `ValidateEnvFrom` of one container. */
function envFrom(r: DocReporter, list: unknown, p: string): void {
  arr(list).forEach((ev, i) => {
    if (!isObj(ev)) {
      return;
    }
    const ip = index(p, i);
    const prefix = str(ev.prefix);
    if (prefix !== undefined && prefix !== '') {
      for (const e of envVarNameErrors(prefix)) {
        r.add('CTR-ENVFROM', child(ip, 'prefix'), `Invalid value: ${q(prefix)}: ${e}`);
      }
    }
    const sources = ['configMapRef', 'secretRef'].filter((s) => isSet(ev[s]));
    if (sources.length === 0) {
      r.add('CTR-ENVFROM', p, 'Invalid value: "": must specify one of: `configMapRef` or `secretRef`');
    } else if (sources.length > 1) {
      r.add('CTR-ENVFROM', p, 'Invalid value: "": may not have more than one field specified at a time');
    }
    for (const s of sources) {
      if (!isObj(ev[s])) {
        continue;
      }
      const np = child(child(ip, s), 'name');
      const name = isSet(ev[s].name) ? str(ev[s].name) : '';
      if (name === '') {
        r.required('CTR-ENVFROM', np, `set ${s}.name to the ${s === 'configMapRef' ? 'ConfigMap' : 'Secret'} to read`);
      } else if (name !== undefined) {
        for (const e of dns1123SubdomainErrors(maskTrailingDash(name))) {
          r.add('CTR-ENVFROM', np, `Invalid value: ${q(name)}: ${e}`);
        }
      }
    }
  });
}

/** `validateGRPCAction` of the probes of one container (a missing port is the structure layer's). */
function grpcProbes(r: DocReporter, c: Record<string, any>, p: string): void {
  for (const pr of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const port = obj(obj(c[pr]).grpc).port;
    const n = int(port);
    if (n !== undefined) {
      for (const e of portNumberErrors(n)) {
        r.add('CTR-GRPC', child(child(child(p, pr), 'grpc'), 'port'), `Invalid value: ${n}: ${e}`);
      }
    }
  }
}

/**
 * `ValidateVolumeDevices` of one container: `volumes` maps the pod's volume names to true for a
 * PersistentVolumeClaim or ephemeral source (a StatefulSet's claim templates included).
 */
function volumeDevices(r: DocReporter, c: Record<string, any>, p: string, volumes: ReadonlyMap<string, boolean>): void {
  const mounts = arr(c.volumeMounts).filter(isObj);
  const mountNames = new Set(mounts.map((m) => str(m.name)).filter((n): n is string => n !== undefined));
  const mountPaths = new Set(mounts.map((m) => str(m.mountPath)).filter((n): n is string => n !== undefined));
  const names = new Set<string>();
  const paths = new Set<string>();
  arr(c.volumeDevices).forEach((d, i) => {
    if (!isObj(d)) {
      return;
    }
    const dp = index(child(p, 'volumeDevices'), i);
    const name = isSet(d.name) ? str(d.name) : '';
    const devPath = isSet(d.devicePath) ? str(d.devicePath) : '';
    if (name !== undefined) {
      if (name === '') {
        r.required('CTR-VOLUMEDEVICES', child(dp, 'name'));
      } else if (!volumes.has(name)) {
        r.add('CTR-VOLUMEDEVICES', child(dp, 'name'), `Not found: ${q(name)}`);
      } else if (!volumes.get(name)) {
        r.add('CTR-VOLUMEDEVICES', child(dp, 'name'), `Invalid value: ${q(name)}: can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode`);
      }
      if (name !== '' && names.has(name)) {
        r.add('CTR-VOLUMEDEVICES', child(dp, 'name'), `Invalid value: ${q(name)}: must be unique`);
      }
      if (name !== '' && mountNames.has(name)) {
        r.add('CTR-VOLUMEDEVICES', child(dp, 'name'), `Invalid value: ${q(name)}: must not already exist in volumeMounts`);
      }
      names.add(name);
    }
    if (devPath !== undefined) {
      if (devPath === '') {
        r.required('CTR-VOLUMEDEVICES', child(dp, 'devicePath'));
      } else {
        if (paths.has(devPath)) {
          r.add('CTR-VOLUMEDEVICES', child(dp, 'devicePath'), `Invalid value: ${q(devPath)}: must be unique`);
        }
        if (noBackstepsErrors(devPath).length > 0) {
          r.add('CTR-VOLUMEDEVICES', child(dp, 'devicePath'), `Invalid value: ${q(devPath)}: can not contain backsteps ('..')`);
        } else {
          paths.add(devPath);
        }
        if (mountPaths.has(devPath)) {
          r.add('CTR-VOLUMEDEVICES', child(dp, 'devicePath'), `Invalid value: ${q(devPath)}: must not already exist as a path in volumeMounts`);
        }
      }
    }
  });
}

/** Metadata fields a claim template may set (`allowedTemplateObjectMetaFields`). */
const TEMPLATE_META_ALLOWED = new Set(['labels', 'annotations']);

/** `validateEphemeralVolumeSource` of each `ephemeral` volume. */
function ephemeralVolumes(r: DocReporter, list: unknown, p: string): void {
  arr(list).forEach((v, i) => {
    if (!isObj(v) || !isObj(v.ephemeral)) {
      return;
    }
    const ep = child(index(p, i), 'ephemeral');
    const tpl = v.ephemeral.volumeClaimTemplate;
    const tp = child(ep, 'volumeClaimTemplate');
    if (!isObj(tpl)) {
      r.required('VOL-EPHEMERAL', tp, 'give the ephemeral volume a volumeClaimTemplate with the claim\'s spec');
      return;
    }
    for (const [k, val] of Object.entries(obj(tpl.metadata))) {
      if (!TEMPLATE_META_ALLOWED.has(k) && isSet(val) && val !== '' && !(Array.isArray(val) && val.length === 0)) {
        r.add('VOL-EPHEMERAL', child(child(tp, 'metadata'), k), 'Forbidden: cannot be set for an ephemeral volume',
          'remove it: the claim is named <pod name>-<volume name> and lives in the pod\'s namespace');
      }
    }
    claimSpecFindings(r, 'VOL-EPHEMERAL', tpl.spec, child(tp, 'spec'));
  });
}

/** `validateOS`, then `validateLinux` / `validateWindows`. */
function podOs(r: DocReporter, spec: Record<string, any>, p: string): void {
  if (!isObj(spec.os)) {
    return;
  }
  const op = child(p, 'os');
  if (!isSet(spec.os.name)) {
    r.required('POD-OS', child(op, 'name'), 'set os.name to linux or windows');
    return;
  }
  const name = str(spec.os.name);
  if (name === '') {
    r.add('POD-OS', child(op, 'name'), 'Required value: cannot be empty');
    return;
  }
  if (name !== 'linux' && name !== 'windows') {
    if (name !== undefined) {
      r.add('POD-OS', op, `Unsupported value: ${q(name)}: supported values: "linux", "windows"`);
    }
    return;
  }
  const psc = obj(spec.securityContext);
  const sp = child(p, 'securityContext');
  const forbid = (path: string, msg: string) => r.add('POD-OS', path, `Forbidden: ${msg}`);
  const containers: Array<[Record<string, any>, string]> = [];
  for (const field of ['initContainers', 'containers']) {
    arr(spec[field]).forEach((c, i) => {
      if (isObj(c) && isObj(c.securityContext)) {
        containers.push([c.securityContext, child(index(child(p, field), i), 'securityContext')]);
      }
    });
  }
  if (name === 'linux') {
    if (isSet(psc.windowsOptions)) {
      forbid(child(sp, 'windowsOptions'), 'windows options cannot be set for a linux pod');
    }
    for (const [sc, cp] of containers) {
      if (isSet(sc.windowsOptions)) {
        forbid(child(cp, 'windowsOptions'), 'windows options cannot be set for a linux pod');
      }
    }
    return;
  }
  const win = 'cannot be set for a windows pod';
  for (const f of ['seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'runAsUser', 'runAsGroup', 'supplementalGroups']) {
    if (isSet(psc[f])) {
      forbid(child(sp, f), win);
    }
  }
  if (arr(psc.sysctls).length > 0) {
    forbid(child(sp, 'sysctls'), win);
  }
  for (const f of ['hostPID', 'hostIPC']) {
    if (spec[f] === true) {
      forbid(child(p, f), win);
    }
  }
  if (isSet(spec.shareProcessNamespace)) {
    forbid(child(p, 'shareProcessNamespace'), win);
  }
  for (const [sc, cp] of containers) {
    for (const f of ['seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'runAsUser', 'runAsGroup']) {
      if (isSet(sc[f])) {
        forbid(child(cp, f), win);
      }
    }
  }
}

function check(r: DocReporter, ref: PodSpecRef, m: any): void {
  const spec = ref.spec;
  const p = ref.path;
  dnsConfig(r, spec, p);
  const volumes = new Map<string, boolean>();
  for (const v of arr(spec.volumes)) {
    const n = str(obj(v).name);
    if (n !== undefined) {
      volumes.set(n, isSet(obj(v).persistentVolumeClaim) || isSet(obj(v).ephemeral));
    }
  }
  for (const n of ref.addedVolumes) {
    volumes.set(n, true);
  }
  hostAliases(r, spec.hostAliases, child(p, 'hostAliases'));
  for (const field of ['initContainers', 'containers']) {
    arr(spec[field]).forEach((c, i) => {
      if (!isObj(c)) {
        return;
      }
      const cp = index(child(p, field), i);
      envFrom(r, c.envFrom, child(cp, 'envFrom'));
      volumeDevices(r, c, cp, volumes);
      if (field === 'containers') {
        grpcProbes(r, c, cp);
      }
    });
  }
  ephemeralVolumes(r, spec.volumes, child(p, 'volumes'));
  arr(spec.readinessGates).forEach((g, i) => {
    const ct = isObj(g) ? (isSet(g.conditionType) ? str(g.conditionType) : '') : undefined;
    if (ct !== undefined) {
      for (const e of qualifiedNameErrors(ct)) {
        r.add('POD-READINESS-GATES', child(index(child(p, 'readinessGates'), i), 'conditionType'), `Invalid value: ${q(ct)}: ${e}`);
      }
    }
  });
  podOs(r, spec, p);
  const rc = str(spec.runtimeClassName);
  if (rc !== undefined && rc !== '') {
    for (const e of dns1123SubdomainErrors(rc)) {
      r.add('POD-RUNTIMECLASS-NAME', child(p, 'runtimeClassName'), `Invalid value: ${q(rc)}: ${e}`);
    }
  }
  if (m.kind === 'Pod' || m.kind === 'Job' || m.kind === 'CronJob') {
    const ads = int(spec.activeDeadlineSeconds);
    if (ads !== undefined && (ads < 1 || ads > 2147483647)) {
      r.add('POD-ACTIVEDEADLINE', child(p, 'activeDeadlineSeconds'), `Invalid value: ${ads}: must be between 1 and 2147483647, inclusive`);
    }
  }
  if (m.kind === 'Pod' && isObj(spec.overhead) && Object.keys(spec.overhead).length > 0 && !str(spec.runtimeClassName)) {
    r.add('POD-OVERHEAD', child(p, 'overhead'), 'Forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead');
  }
}

export const POD_MISC_MODULE = {
  name: 'pod-misc',
  title: 'DNS config, host aliases, envFrom, gRPC probes, ephemeral volumes, readiness gates, spec.os, deadlines, overhead',
  rules: RULES,
  checks: [podSpecCheck(check)],
} as const satisfies RuleModule;
