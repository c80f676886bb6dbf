/**
 * Pod and container security contexts and the security annotations the API server still reads
 * (`validatePodSpecSecurityContext`, `ValidateSecurityContext`, `validateSeccompProfileField`,
 * `validateSysctls`, `validateWindowsSecurityContextOptions`, `validateWindowsHostProcessPod`,
 * `ValidateSeccompPodAnnotations`, `ValidateAppArmorPodAnnotations` of pkg/apis/core/validation,
 * release-1.27). Enum values (seccompProfile.type, procMount, fsGroupChangePolicy) are the
 * structure layer's findings. Not modelled: capability names (1.27 accepts any string), procMount
 * (ProcMountType is alpha and off in 1.27: the field is dropped), `privileged` "disallowed by
 * cluster policy" (a kube-apiserver flag), host-namespace sysctls with hostNetwork/hostIPC (1.29+).
 */
import type { RuleModule } from './module';
import { dns1123SubdomainErrors, localDescendingPathErrors } from '../../private/k8s-names';
import { SYSCTL_MAX_LENGTH, SYSCTL_NAME_FMT, isValidSysctlName, shown } from '../../private/k8s-pod-more';
import { arr, child, hasOwn, index, int, isObj, isSet, obj, q, str } from '../core/json';
import type { PodSpecRef } from '../core/kinds';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { podSpecCheck } from './pod-more-common';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'POD-SECCOMP': {
    layer: 'api',
    severity: E,
    summary: 'seccompProfile without type, Localhost without localhostProfile (or with an absolute / \'..\' path), localhostProfile with another type',
    fix: 'use type RuntimeDefault (or Unconfined); with type Localhost set localhostProfile to a path relative to the kubelet\'s seccomp directory',
    source: `validateSeccompProfileField (${V})`,
  },
  'POD-SECCOMP-ANNOTATION': {
    layer: 'api',
    severity: E,
    summary: 'seccomp annotation (seccomp.security.alpha.kubernetes.io/pod, container.seccomp…/<name>) with a value that is not a seccomp profile',
    fix: 'use runtime/default, unconfined or localhost/<relative path> — or better, securityContext.seccompProfile',
    source: `ValidateSeccompPodAnnotations, ValidateSeccompProfile (${V})`,
  },
  'POD-APPARMOR-ANNOTATION': {
    layer: 'api',
    severity: E,
    summary: 'AppArmor annotation (container.apparmor.security.beta.kubernetes.io/<name>) for a container the pod does not have, or with a bad profile',
    fix: 'name a container of the pod after the \'/\', and use runtime/default, unconfined or localhost/<profile>',
    source: `ValidateAppArmorPodAnnotations, ValidateAppArmorProfileFormat (${V})`,
  },
  'POD-SYSCTL': {
    layer: 'api',
    severity: E,
    summary: 'sysctl without name, with an invalid name, or set twice',
    fix: 'use the kernel parameter\'s name (e.g. net.ipv4.ip_local_port_range), once each',
    source: `validateSysctls, IsValidSysctlName (${V})`,
  },
  'POD-SECURITY-IDS': {
    layer: 'api',
    severity: E,
    summary: 'runAsUser, runAsGroup, fsGroup or supplementalGroups outside 0..2147483647',
    fix: 'use user and group ids from 0 to 2147483647',
    source: `validatePodSpecSecurityContext, ValidateSecurityContext: IsValidUserID / IsValidGroupID (${V})`,
  },
  'POD-SHAREPROCESSNAMESPACE': {
    layer: 'api',
    severity: E,
    summary: 'shareProcessNamespace and hostPID both true',
    fix: 'set shareProcessNamespace or hostPID, not both',
    source: `validatePodSpecSecurityContext (${V})`,
  },
  'CTR-PRIVILEGE-ESCALATION': {
    layer: 'api',
    severity: E,
    summary: 'allowPrivilegeEscalation: false together with privileged: true or capabilities.add CAP_SYS_ADMIN',
    fix: 'a privileged container (or one with CAP_SYS_ADMIN) always escalates: drop allowPrivilegeEscalation: false, or drop privileged / CAP_SYS_ADMIN',
    source: `ValidateSecurityContext (${V})`,
  },
  'POD-WINDOWS-OPTIONS': {
    layer: 'api',
    severity: E,
    summary: 'windowsOptions: gmsaCredentialSpecName not a DNS-1123 subdomain, empty or over-long gmsaCredentialSpec, malformed runAsUserName',
    fix: 'runAsUserName is [DOMAIN\\]USER (user ≤ 104 characters, without "/\\:;|=,+*?<>@[]); gmsaCredentialSpecName names a GMSACredentialSpec',
    source: `validateWindowsSecurityContextOptions (${V})`,
  },
  'POD-HOSTPROCESS': {
    layer: 'api',
    severity: E,
    summary: 'Windows hostProcess pod: pod and container values differ, not every container is hostProcess, or hostNetwork is not true',
    fix: 'in a hostProcess pod every container is hostProcess and the pod sets hostNetwork: true',
    source: `validateWindowsHostProcessPod (${V})`,
  },
});

const MAX_ID = 2147483647;

function idRange(r: DocReporter, v: unknown, p: string): void {
  const n = int(v);
  if (n !== undefined && (n < 0 || n > MAX_ID)) {
    r.add('POD-SECURITY-IDS', p, `Invalid value: ${n}: must be between 0 and ${MAX_ID}, inclusive`);
  }
}

/** `validateSeccompProfileField`. */
function seccompProfile(r: DocReporter, sp: unknown, p: string): void {
  if (!isObj(sp)) {
    return;
  }
  const type = sp.type;
  if (!isSet(type)) {
    r.required('POD-SECCOMP', child(p, 'type'), 'set seccompProfile.type (RuntimeDefault, Localhost or Unconfined): it is required when seccompProfile is set');
  } else if (type === '') {
    r.add('POD-SECCOMP', child(p, 'type'), 'Required value: type is required when seccompProfile is set');
  }
  const lp = sp.localhostProfile;
  if (type === 'Localhost') {
    if (!isSet(lp)) {
      r.add('POD-SECCOMP', child(p, 'localhostProfile'), 'Required value: must be set when seccomp type is Localhost');
    } else if (typeof lp === 'string') {
      for (const e of localDescendingPathErrors(lp)) {
        r.add('POD-SECCOMP', child(p, 'localhostProfile'), `Invalid value: ${q(lp)}: ${e}`);
      }
    }
  } else if (isSet(lp)) {
    r.add('POD-SECCOMP', child(p, 'localhostProfile'), `Invalid value: ${shown(sp)}: can only be set when seccomp type is Localhost`);
  }
}

/** `validateSysctls` (1.27). */
function sysctls(r: DocReporter, list: unknown, p: string): void {
  const seen = new Set<string>();
  arr(list).forEach((s, i) => {
    if (!isObj(s)) {
      return;
    }
    const np = child(index(p, i), 'name');
    const name = isSet(s.name) ? str(s.name) : '';
    if (name === undefined) {
      return;
    }
    if (name === '') {
      r.required('POD-SYSCTL', np);
    } else if (!isValidSysctlName(name)) {
      r.add('POD-SYSCTL', np, `Invalid value: ${q(name)}: must have at most ${SYSCTL_MAX_LENGTH} characters and match regex ${SYSCTL_NAME_FMT}`);
    } else if (seen.has(name)) {
      r.add('POD-SYSCTL', np, `Duplicate value: ${q(name)}`);
    }
    seen.add(name);
  });
}

const NETBIOS_RE = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/;
const DOMAIN_DNS_RE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const INVALID_USER_CHARS_RE = /["/\\:;|=,+*?<>@[\]]/;
// eslint-disable-next-line no-control-regex
const CTRL_RE = /[\x00-\x1f\x7f]/;

/** `validateWindowsSecurityContextOptions`. */
function windowsOptions(r: DocReporter, wo: unknown, p: string): void {
  if (!isObj(wo)) {
    return;
  }
  const name = str(wo.gmsaCredentialSpecName);
  if (name !== undefined) {
    for (const e of dns1123SubdomainErrors(name)) {
      r.add('POD-WINDOWS-OPTIONS', child(p, 'gmsaCredentialSpecName'), `Invalid value: ${q(name)}: ${e}`);
    }
  }
  const spec = str(wo.gmsaCredentialSpec);
  if (spec === '') {
    r.add('POD-WINDOWS-OPTIONS', child(p, 'gmsaCredentialSpec'), 'Invalid value: "": gmsaCredentialSpec cannot be an empty string');
  } else if (spec !== undefined && Buffer.byteLength(spec, 'utf8') > 64 * 1024) {
    r.add('POD-WINDOWS-OPTIONS', child(p, 'gmsaCredentialSpec'), 'Invalid value: "…": gmsaCredentialSpec size must be under 64 KiB');
  }
  const user = str(wo.runAsUserName);
  if (user !== undefined) {
    for (const e of runAsUserNameErrors(user)) {
      r.add('POD-WINDOWS-OPTIONS', child(p, 'runAsUserName'), `Invalid value: ${q(user)}: ${e}`);
    }
  }
}

function runAsUserNameErrors(v: string): string[] {
  if (v.length === 0) {
    return ['runAsUserName cannot be an empty string'];
  }
  if (CTRL_RE.test(v)) {
    return ['runAsUserName cannot contain control characters'];
  }
  const parts = v.split('\\');
  if (parts.length > 2) {
    return ['runAsUserName cannot contain more than one backslash'];
  }
  const errs: string[] = [];
  const hasDomain = parts.length === 2;
  const domain = hasDomain ? parts[0] : '';
  const user = hasDomain ? parts[1] : parts[0];
  if (Buffer.byteLength(domain, 'utf8') >= 256) {
    errs.push('runAsUserName\'s Domain length must be under 256 characters');
  }
  if (hasDomain && !(NETBIOS_RE.test(domain) || DOMAIN_DNS_RE.test(domain))) {
    errs.push('runAsUserName\'s Domain doesn\'t match the NetBios nor the DNS format');
  }
  const ul = Buffer.byteLength(user, 'utf8');
  if (ul === 0) {
    errs.push('runAsUserName\'s User cannot be empty');
  } else if (ul > 104) {
    errs.push('runAsUserName\'s User length must not be longer than 104 characters');
  }
  if (/^[. ]+$/.test(user)) {
    errs.push('runAsUserName\'s User cannot contain only periods or spaces');
  }
  if (INVALID_USER_CHARS_RE.test(user)) {
    errs.push('runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]');
  }
  return errs;
}

/** `ValidateSecurityContext` of one container. */
function containerSecurityContext(r: DocReporter, sc: Record<string, any>, p: string): void {
  idRange(r, sc.runAsUser, child(p, 'runAsUser'));
  idRange(r, sc.runAsGroup, child(p, 'runAsGroup'));
  seccompProfile(r, sc.seccompProfile, child(p, 'seccompProfile'));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) {
      r.add('CTR-PRIVILEGE-ESCALATION', p, 'Invalid value: {"allowPrivilegeEscalation":false,"privileged":true}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true');
    }
    for (const cap of arr(obj(sc.capabilities).add)) {
      if (cap === 'CAP_SYS_ADMIN') {
        r.add('CTR-PRIVILEGE-ESCALATION', p, 'Invalid value: {"allowPrivilegeEscalation":false,"capabilities":{"add":["CAP_SYS_ADMIN"]}}: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN');
      }
    }
  }
  windowsOptions(r, sc.windowsOptions, child(p, 'windowsOptions'));
}

/** The containers the API server visits for a create (ephemeral containers are rejected on create). */
function visitContainers(spec: Record<string, any>, p: string, fn: (c: Record<string, any>, cp: string) => void): void {
  for (const field of ['initContainers', 'containers']) {
    arr(spec[field]).forEach((c, i) => {
      if (isObj(c)) {
        fn(c, index(child(p, field), i));
      }
    });
  }
}

/** `validateWindowsHostProcessPod`. */
function hostProcess(r: DocReporter, spec: Record<string, any>, p: string): void {
  const podHP = obj(obj(spec.securityContext).windowsOptions).hostProcess;
  const podValue = typeof podHP === 'boolean' ? podHP : undefined;
  let count = 0;
  let hpCount = 0;
  visitContainers(spec, p, (c, cp) => {
    count++;
    const raw = obj(obj(c.securityContext).windowsOptions).hostProcess;
    const cv = typeof raw === 'boolean' ? raw : undefined;
    if (podValue !== undefined && cv !== undefined && podValue !== cv) {
      r.add('POD-HOSTPROCESS', child(cp, 'securityContext.windowsOptions.hostProcess'),
        `Invalid value: ${cv}: pod hostProcess value must be identical if both are specified, was ${podValue}`);
    }
    if (cv === true || (cv === undefined && podValue === true)) {
      hpCount++;
    }
  });
  if (hpCount === 0) {
    return;
  }
  if (hpCount !== count) {
    r.add('POD-HOSTPROCESS', p, 'Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers');
  }
  if (spec.hostNetwork !== true) {
    r.add('POD-HOSTPROCESS', child(p, 'hostNetwork'), 'Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers');
  }
}

/** The metadata of the pod (or of the template) whose spec is at `specPath`. */
function podMetadata(m: any, isPod: boolean): { meta: Record<string, any>; path: string } {
  if (isPod) {
    return { meta: obj(obj(m).metadata), path: 'metadata' };
  }
  if (m.kind === 'CronJob') {
    return { meta: obj(obj(obj(obj(obj(m.spec).jobTemplate).spec).template).metadata), path: 'spec.jobTemplate.spec.template.metadata' };
  }
  return { meta: obj(obj(obj(m.spec).template).metadata), path: 'spec.template.metadata' };
}

const SECCOMP_POD_KEY = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CTR_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** `ValidateSeccompProfile`: the annotation form of a seccomp profile. */
function seccompAnnotationErrors(v: string): string[] {
  if (v === 'runtime/default' || v === 'docker/default' || v === 'unconfined') {
    return [];
  }
  if (v.startsWith('localhost/')) {
    return localDescendingPathErrors(v.slice('localhost/'.length));
  }
  return ['must be a valid seccomp profile'];
}

/** `ValidateSeccompPodAnnotations` and `ValidateAppArmorPodAnnotations`. */
function securityAnnotations(r: DocReporter, m: any, spec: Record<string, any>, isPod: boolean): void {
  const { meta, path } = podMetadata(m, isPod);
  const ann = obj(meta.annotations);
  const ap = child(path, 'annotations');
  const names = new Set<string>();
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of arr(spec[field])) {
      const n = str(obj(c).name);
      if (n !== undefined) {
        names.add(n);
      }
    }
  }
  for (const key of Object.keys(ann)) {
    const v = hasOwn(ann, key) ? ann[key] : undefined;
    if (typeof v !== 'string') {
      continue;
    }
    if (key === SECCOMP_POD_KEY || key.startsWith(SECCOMP_CTR_PREFIX)) {
      for (const e of seccompAnnotationErrors(v)) {
        r.add('POD-SECCOMP-ANNOTATION', index(ap, key), `Invalid value: ${q(v)}: ${e}`);
      }
    }
    if (key.startsWith(APPARMOR_PREFIX)) {
      const container = key.slice(APPARMOR_PREFIX.length);
      if (!names.has(container)) {
        r.add('POD-APPARMOR-ANNOTATION', index(ap, key), `Invalid value: ${q(container)}: container not found`);
      }
      if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) {
        r.add('POD-APPARMOR-ANNOTATION', index(ap, key), `Invalid value: ${q(v)}: invalid AppArmor profile name: ${q(v)}`);
      }
    }
  }
}

function check(r: DocReporter, ref: PodSpecRef, m: any, unnoted: DocReporter): void {
  const spec = ref.spec;
  const p = ref.path;
  const psc = spec.securityContext;
  if (isObj(psc)) {
    const sp = child(p, 'securityContext');
    idRange(r, psc.fsGroup, child(sp, 'fsGroup'));
    idRange(r, psc.runAsUser, child(sp, 'runAsUser'));
    idRange(r, psc.runAsGroup, child(sp, 'runAsGroup'));
    arr(psc.supplementalGroups).forEach((g, i) => idRange(r, g, index(child(sp, 'supplementalGroups'), i)));
    sysctls(r, psc.sysctls, child(sp, 'sysctls'));
    seccompProfile(r, psc.seccompProfile, child(sp, 'seccompProfile'));
    windowsOptions(r, psc.windowsOptions, child(sp, 'windowsOptions'));
  }
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    r.add('POD-SHAREPROCESSNAMESPACE', child(p, 'securityContext.shareProcessNamespace'), 'Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled');
  }
  visitContainers(spec, p, (c, cp) => {
    if (isObj(c.securityContext)) {
      containerSecurityContext(r, c.securityContext, child(cp, 'securityContext'));
    }
  });
  hostProcess(r, spec, p);
  // The API server validates these annotations on every template, a StatefulSet's included.
  securityAnnotations(unnoted, m, spec, ref.isPod);
}

export const POD_SECURITY_MODULE = {
  name: 'pod-security',
  title: 'Pod and container security contexts, sysctls, seccomp and AppArmor annotations',
  rules: RULES,
  checks: [podSpecCheck(check)],
} as const satisfies RuleModule;
