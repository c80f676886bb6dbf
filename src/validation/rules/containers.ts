/**
 * Containers and init containers of a pod (`validateContainers`, `validateInitContainers`,
 * `validateProbe`, `validateResources`, `ValidateEnv`, ports). The checks run from the pod-spec
 * module, which knows the pod's volumes and hostNetwork.
 */
import {
  configMapKeyErrors, dns1123LabelErrors, dns1123SubdomainErrors, envVarNameErrors, httpHeaderNameErrors, portNameErrors, portNumberErrors,
} from '../../private/k8s-names';
import { compareQuantities, Quantity } from '../../private/quantity';
import { arr, child, hasOwn, index, int, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { nameErrors, quantity } from './api-common';
import type { RuleModule } from './module';
import { mounts } from './volumes';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'CTR-NAME-REQUIRED': { layer: 'api', severity: E, summary: 'container without name', fix: 'name the container', source: `validateContainers (${V})` },
  'CTR-NAME-DNS1123LABEL': { layer: 'api', severity: E, summary: 'container name is not a DNS-1123 label', fix: 'use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit', source: `validateContainers (${V})` },
  'CTR-NAME-UNIQUE': { layer: 'api', severity: E, summary: 'container name used twice (init containers included)', fix: 'give every container and init container of the pod its own name', source: `validateContainers / validateInitContainers (${V})` },
  'CTR-IMAGE-REQUIRED': { layer: 'api', severity: E, summary: 'container without image', fix: 'set the image', source: `validateContainers (${V})` },
  'CTR-IMAGE-WHITESPACE': { layer: 'api', severity: E, summary: 'Pod image with leading or trailing whitespace', fix: 'trim the image reference', source: `validateContainersOnlyForPod (${V})` },
  'CTR-PULLPOLICY-ENUM': { layer: 'api', severity: E, summary: 'imagePullPolicy not Always/IfNotPresent/Never', fix: 'use Always, IfNotPresent or Never', source: `validatePullPolicy (${V})` },
  'CTR-TERMMSG-POLICY': { layer: 'api', severity: E, summary: 'terminationMessagePolicy not File/FallbackToLogsOnError', fix: 'use File or FallbackToLogsOnError', source: `validateContainers (${V})` },
  'CTR-PORT-PROTOCOL': { layer: 'api', severity: E, summary: 'container port protocol not TCP/UDP/SCTP', fix: 'use TCP, UDP or SCTP', source: `validateContainerPorts (${V})` },
  'CTR-PORT-NUMBER': { layer: 'api', severity: E, summary: 'containerPort/hostPort missing or outside 1..65535', fix: 'use a port number in 1..65535', source: `validateContainerPorts (${V})` },
  'CTR-PORT-NAME-IANA': { layer: 'api', severity: E, summary: 'container port name fails the IANA service name rules (≤15 chars, a-z0-9-, a letter)', fix: 'use at most 15 lower-case letters, digits and \'-\', with at least one letter', source: `validateContainerPorts: IsValidPortName (${V})` },
  'CTR-PORT-NAME-UNIQUE': { layer: 'api', severity: E, summary: 'port name used twice in one container', fix: 'give every port of the container its own name', source: `validateContainerPorts (${V})` },
  'CTR-HOSTPORT-CONFLICT': { layer: 'api', severity: E, summary: 'same protocol/hostIP/hostPort twice across the containers of a pod', fix: 'use a different hostPort (or protocol/hostIP) per container port', source: `AccumulateUniqueHostPorts (${V})` },
  'CTR-HOSTNETWORK-PORTS': { layer: 'api', severity: E, summary: 'hostNetwork pod with hostPort different from containerPort', fix: 'with hostNetwork, set hostPort equal to containerPort (or omit it)', source: `validateHostNetwork (${V})` },
  'CTR-ENV-NAME': { layer: 'api', severity: E, summary: 'env var name empty or invalid', fix: 'use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit', source: `ValidateEnv (${V})` },
  'CTR-ENV-VALUEFROM': { layer: 'api', severity: E, summary: 'env valueFrom with zero or several sources, or together with value', fix: 'give valueFrom exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef, and no value', source: `validateEnvVarValueFrom (${V})` },
  'CTR-ENV-KEYREF': { layer: 'api', severity: E, summary: 'configMapKeyRef/secretKeyRef with bad name or key', fix: 'name an existing ConfigMap/Secret (DNS-1123 subdomain) and one of its keys', source: `validateConfigMapKeySelector / validateSecretKeySelector (${V})` },
  'CTR-RES-NONNEG': { layer: 'api', severity: E, summary: 'negative resource quantity', fix: 'use a quantity ≥ 0', source: `ValidateResourceRequirements: ValidateResourceQuantityValue (${V})` },
  'CTR-RES-REQ-LE-LIMIT': { layer: 'api', severity: E, summary: 'resource request greater than its limit; for hugepages-* and extended resources (e.g. nvidia.com/gpu) a request not equal to its limit, or without a limit', fix: 'make the request at most the limit', source: `ValidateResourceRequirements (${V})` },
  'CTR-PROBE-HANDLER': { layer: 'api', severity: E, summary: 'probe/lifecycle handler with zero or several handler types', fix: 'give the probe or hook exactly one of exec, httpGet, tcpSocket (grpc for probes)', source: `validateHandler / validateProbe (${V})` },
  'CTR-PROBE-FIELDS': { layer: 'api', severity: E, summary: 'negative probe timing or threshold; terminationGracePeriodSeconds ≤ 0', fix: 'use non-negative timings and thresholds; a positive terminationGracePeriodSeconds', source: `validateProbe (${V})` },
  'CTR-PROBE-SUCCESS1': { layer: 'api', severity: E, summary: 'liveness/startup successThreshold other than 1', fix: 'set successThreshold to 1 (or omit it)', source: `validateContainers: validateLivenessProbe / validateStartupProbe (${V})` },
  'CTR-PROBE-READINESS-TGPS': { layer: 'api', severity: E, summary: 'readinessProbe with terminationGracePeriodSeconds', fix: 'remove terminationGracePeriodSeconds from the readiness probe', source: `validateReadinessProbe (${V})` },
  'CTR-EXEC-COMMAND': { layer: 'api', severity: E, summary: 'exec handler with empty command', fix: 'give exec.command the program and its arguments', source: `validateExecAction (${V})` },
  'CTR-HTTPGET': { layer: 'api', severity: E, summary: 'httpGet/tcpSocket port invalid; httpGet header name not [-A-Za-z0-9]+', fix: 'use a port number 1..65535 or a declared port name; header names of letters, digits and \'-\'', source: `validateHTTPGetAction / validateTCPSocketAction (${V})` },
  'INIT-NO-LIFECYCLE': { layer: 'api', severity: E, summary: 'init container with lifecycle hooks', fix: 'remove lifecycle from the init container', source: `validateInitContainers (${V})` },
  'INIT-NO-PROBES': { layer: 'api', severity: E, summary: 'init container with a liveness, readiness or startup probe', fix: 'remove the probe: an init container runs to completion before the app starts', source: `validateInitContainers (${V})` },
});

/** The container rules (checked from the pod-spec module). */
export const CONTAINERS_MODULE = {
  name: 'containers',
  title: 'Containers and init containers: names, images, ports, env, resources, probes, lifecycle',
  rules: RULES,
} as const satisfies RuleModule;

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** What the container checks need to know about the pod. */
export interface ContainerContext {
  readonly isPod: boolean;
  readonly volumeNames: ReadonlySet<string>;
  readonly hostNetwork: boolean;
}

function portNumOrName(r: DocReporter, port: unknown, p: string): void {
  if (typeof port === 'number') {
    for (const e of portNumberErrors(port)) {
      r.add('CTR-HTTPGET', p, `Invalid value: ${port}: ${e}`);
    }
  } else if (typeof port === 'string') {
    for (const e of nameErrors(r, portNameErrors, port)) {
      r.add('CTR-HTTPGET', p, `Invalid value: ${q(port)}: ${e}`);
    }
  }
}

/**
 * `validateHTTPGetAction`: every header name must pass `IsHTTPHeaderName` (1.27: `[-A-Za-z0-9]+`).
 * Quirk kept: the API server reports it on `…httpGet.httpHeaders`, without index or `.name`.
 */
function httpHeaders(r: DocReporter, list: unknown, p: string): void {
  for (const h of arr(list)) {
    if (!isObj(h)) {
      continue;
    }
    const name = h.name === undefined || h.name === null ? '' : str(h.name);
    if (name === undefined) {
      continue;
    }
    for (const e of nameErrors(r, httpHeaderNameErrors, name)) {
      r.add('CTR-HTTPGET', p, `Invalid value: ${q(name)}: ${e}`);
    }
  }
}

function handler(r: DocReporter, h: Record<string, any>, p: string, kinds: string[]): void {
  const present = kinds.filter((k) => h[k] !== undefined && h[k] !== null);
  if (present.length === 0) {
    r.add('CTR-PROBE-HANDLER', p, 'Required value: must specify a handler type');
  }
  for (const extra of present.slice(1)) {
    r.add('CTR-PROBE-HANDLER', child(p, extra), 'Forbidden: may not specify more than 1 handler type');
  }
  if (isObj(h.exec) && arr(h.exec.command).length === 0) {
    r.required('CTR-EXEC-COMMAND', child(p, 'exec.command'));
  }
  if (isObj(h.httpGet)) {
    portNumOrName(r, h.httpGet.port, child(p, 'httpGet.port'));
    httpHeaders(r, h.httpGet.httpHeaders, child(p, 'httpGet.httpHeaders'));
  }
  if (isObj(h.tcpSocket)) {
    portNumOrName(r, h.tcpSocket.port, child(p, 'tcpSocket.port'));
  }
}

function probe(r: DocReporter, pr: Record<string, any>, p: string, which: string): void {
  handler(r, pr, p, HANDLERS);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const n = int(pr[f]);
    if (n !== undefined && n < 0) {
      r.add('CTR-PROBE-FIELDS', child(p, f), `Invalid value: ${n}: must be greater than or equal to 0`);
    }
  }
  const tgps = int(pr.terminationGracePeriodSeconds);
  if (tgps !== undefined) {
    if (which === 'readinessProbe') {
      r.add('CTR-PROBE-READINESS-TGPS', child(p, 'terminationGracePeriodSeconds'), `Invalid value: ${tgps}: must not be set for readinessProbes`);
    } else if (tgps <= 0) {
      r.add('CTR-PROBE-FIELDS', child(p, 'terminationGracePeriodSeconds'), `Invalid value: ${tgps}: must be greater than 0`);
    }
  }
  const st = int(pr.successThreshold);
  if ((which === 'livenessProbe' || which === 'startupProbe') && st !== undefined && st !== 0 && st !== 1) {
    r.add('CTR-PROBE-SUCCESS1', child(p, 'successThreshold'), `Invalid value: ${st}: must be 1`);
  }
}

/**
 * `helper.IsOvercommitAllowed`: native resources (no domain, or a `kubernetes.io/` one) other than
 * `hugepages-*`. The others (hugepages, extended resources such as nvidia.com/gpu) need request == limit.
 */
function isOvercommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}

function resources(r: DocReporter, res: Record<string, any>, p: string): void {
  const parsed: Record<string, Map<string, Quantity>> = { limits: new Map(), requests: new Map() };
  for (const part of ['limits', 'requests']) {
    for (const [k, v] of Object.entries(obj(res[part]))) {
      const text = typeof v === 'number' ? String(v) : str(v);
      const qv = text === undefined ? undefined : quantity(r, text);
      if (!qv) {
        continue;
      }
      parsed[part].set(k, qv);
      if (qv.num < 0n) {
        r.add('CTR-RES-NONNEG', index(child(p, part), k), `Invalid value: ${q(text)}: must be greater than or equal to 0`);
      }
    }
  }
  const limits = obj(res.limits);
  for (const [k, req] of parsed.requests) {
    const lim = parsed.limits.get(k);
    const overcommit = isOvercommitAllowed(k);
    if (lim) {
      const cmp = compareQuantities(req, lim);
      if (cmp !== 0 && !overcommit) {
        r.add('CTR-RES-REQ-LE-LIMIT', child(p, 'requests'), `Invalid value: ${q(req.text)}: must be equal to ${k} limit of ${lim.text}`,
          `set the ${k} request equal to its limit, or set only the limit (the request defaults to it)`);
      } else if (cmp > 0) {
        r.add('CTR-RES-REQ-LE-LIMIT', child(p, 'requests'), `Invalid value: ${q(req.text)}: must be less than or equal to ${k} limit of ${lim.text}`);
      }
    } else if (!overcommit && !hasOwn(limits, k)) {
      r.add('CTR-RES-REQ-LE-LIMIT', child(p, 'limits'), 'Required value: Limit must be set for non overcommitable resources',
        `set limits[${k}] (equal to the request), or set only the limit (the request defaults to it)`);
    }
  }
}

function env(r: DocReporter, list: unknown, p: string): void {
  arr(list).forEach((e, k) => {
    if (!isObj(e)) {
      return;
    }
    const ep = index(p, k);
    const name = str(e.name);
    if (name === '') {
      r.required('CTR-ENV-NAME', child(ep, 'name'));
    } else if (name !== undefined) {
      for (const m of nameErrors(r, envVarNameErrors, name)) {
        r.add('CTR-ENV-NAME', child(ep, 'name'), `Invalid value: ${q(name)}: ${m}`);
      }
    }
    if (!isObj(e.valueFrom)) {
      return;
    }
    const vf = e.valueFrom;
    const vp = child(ep, 'valueFrom');
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((s) => vf[s] !== undefined && vf[s] !== null);
    if (sources.length === 0) {
      r.add('CTR-ENV-VALUEFROM', vp, 'Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
    } else if (sources.length > 1) {
      r.add('CTR-ENV-VALUEFROM', vp, 'Invalid value: "": may not have more than one field specified at a time');
    }
    if ((str(e.value) ?? '') !== '') {
      r.add('CTR-ENV-VALUEFROM', vp, 'Invalid value: "": may not be specified when `value` is not empty');
    }
    for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
      if (!isObj(vf[ref])) {
        continue;
      }
      const rp = child(vp, ref);
      const refName = str(vf[ref].name) ?? '';
      for (const m of nameErrors(r, dns1123SubdomainErrors, refName)) {
        r.add('CTR-ENV-KEYREF', child(rp, 'name'), `Invalid value: ${q(refName)}: ${m}`);
      }
      const key = str(vf[ref].key);
      if (key === '') {
        r.required('CTR-ENV-KEYREF', child(rp, 'key'));
      } else if (key !== undefined) {
        for (const m of nameErrors(r, configMapKeyErrors, key)) {
          r.add('CTR-ENV-KEYREF', child(rp, 'key'), `Invalid value: ${q(key)}: ${m}`);
        }
      }
    }
  });
}

function containerPorts(r: DocReporter, c: Record<string, any>, p: string, hostNetwork: boolean): void {
  const portNames = new Set<string>();
  arr(c.ports).forEach((port, k) => {
    if (!isObj(port)) {
      return;
    }
    const pp = index(child(p, 'ports'), k);
    const cp = int(port.containerPort);
    if (cp === 0) {
      r.required('CTR-PORT-NUMBER', child(pp, 'containerPort'));
    } else if (cp !== undefined) {
      for (const e of portNumberErrors(cp)) {
        r.add('CTR-PORT-NUMBER', child(pp, 'containerPort'), `Invalid value: ${cp}: ${e}`);
      }
    }
    const hp = int(port.hostPort);
    if (hp !== undefined && hp !== 0) {
      for (const e of portNumberErrors(hp)) {
        r.add('CTR-PORT-NUMBER', child(pp, 'hostPort'), `Invalid value: ${hp}: ${e}`);
      }
      if (hostNetwork && cp !== undefined && hp !== cp) {
        r.add('CTR-HOSTNETWORK-PORTS', child(pp, 'containerPort'), `Invalid value: ${cp}: must match \`hostPort\` when \`hostNetwork\` is true`);
      }
    }
    const pn = str(port.name);
    if (pn !== undefined && pn !== '') {
      for (const e of nameErrors(r, portNameErrors, pn)) {
        r.add('CTR-PORT-NAME-IANA', child(pp, 'name'), `Invalid value: ${q(pn)}: ${e}`);
      }
      if (portNames.has(pn)) {
        r.add('CTR-PORT-NAME-UNIQUE', child(pp, 'name'), `Duplicate value: ${q(pn)}`);
      }
      portNames.add(pn);
    }
  });
}

/** What every container and init container is checked for (name, image, ports, env, resources, mounts). */
function containerCommon(r: DocReporter, c: Record<string, any>, p: string, ctx: ContainerContext): void {
  const name = str(c.name);
  if (name === '') {
    r.required('CTR-NAME-REQUIRED', child(p, 'name'));
  } else if (name !== undefined) {
    for (const e of nameErrors(r, dns1123LabelErrors, name)) {
      r.add('CTR-NAME-DNS1123LABEL', child(p, 'name'), `Invalid value: ${q(name)}: ${e}`);
    }
  }
  const image = str(c.image);
  if (c.image === undefined || c.image === null || image === '') {
    r.required('CTR-IMAGE-REQUIRED', child(p, 'image'));
  } else if (ctx.isPod && image !== undefined && image.trim() !== image) {
    r.add('CTR-IMAGE-WHITESPACE', child(p, 'image'), `Invalid value: ${q(image)}: must not have leading or trailing whitespace`);
  }
  containerPorts(r, c, p, ctx.hostNetwork);
  env(r, c.env, child(p, 'env'));
  if (isObj(c.resources)) {
    resources(r, c.resources, child(p, 'resources'));
  }
  mounts(r, c, p, ctx.volumeNames);
}

function hostPortConflicts(r: DocReporter, list: any[], p: string): void {
  const seen = new Set<string>();
  list.forEach((c, i) => {
    arr(obj(c).ports).forEach((port, k) => {
      const hp = int(obj(port).hostPort);
      if (hp === undefined || hp === 0) {
        return;
      }
      const key = `${str(port.protocol) ?? 'TCP'}/${str(port.hostIP) ?? ''}/${hp}`;
      if (seen.has(key)) {
        r.add('CTR-HOSTPORT-CONFLICT', child(index(child(index(p, i), 'ports'), k), 'hostPort'), `Duplicate value: ${q(key)}`);
      }
      seen.add(key);
    });
  });
}

function uniqueName(r: DocReporter, c: Record<string, any>, p: string, allNames: Set<string>): void {
  const name = str(c.name);
  if (name) {
    if (allNames.has(name)) {
      r.add('CTR-NAME-UNIQUE', child(p, 'name'), `Duplicate value: ${q(name)}`);
    }
    allNames.add(name);
  }
}

/** `validateContainers` + `validateInitContainers` of a pod spec at `p`. */
export function containers(r: DocReporter, spec: Record<string, any>, p: string, ctx: ContainerContext): void {
  const list = arr(spec.containers);
  const cp = child(p, 'containers');
  if (list.length === 0 && spec.containers !== undefined && spec.containers !== null) {
    r.required('POD-CONTAINERS-REQUIRED', cp);
  }
  const allNames = new Set<string>();
  list.forEach((c, i) => {
    if (!isObj(c)) {
      return;
    }
    const p2 = index(cp, i);
    containerCommon(r, c, p2, ctx);
    for (const pr of PROBES) {
      if (isObj(c[pr])) {
        probe(r, c[pr], child(p2, pr), pr);
      }
    }
    if (isObj(c.lifecycle)) {
      for (const h of ['postStart', 'preStop']) {
        if (isObj(c.lifecycle[h])) {
          handler(r, c.lifecycle[h], child(p2, `lifecycle.${h}`), LIFECYCLE_HANDLERS);
        }
      }
    }
    uniqueName(r, c, p2, allNames);
  });
  hostPortConflicts(r, list, cp);
  const ip = child(p, 'initContainers');
  arr(spec.initContainers).forEach((c, i) => {
    if (!isObj(c)) {
      return;
    }
    const p2 = index(ip, i);
    containerCommon(r, c, p2, ctx);
    uniqueName(r, c, p2, allNames);
    if (c.lifecycle !== undefined && c.lifecycle !== null) {
      r.add('INIT-NO-LIFECYCLE', child(p2, 'lifecycle'), 'Forbidden: may not be set for init containers');
    }
    for (const pr of PROBES) {
      if (c[pr] !== undefined && c[pr] !== null) {
        r.add('INIT-NO-PROBES', child(p2, pr), 'Forbidden: may not be set for init containers');
      }
    }
    hostPortConflicts(r, [c], ip);
  });
}
