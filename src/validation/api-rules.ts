/**
 * Layer 2: what the 1.27 API server's validation (`ValidatePodCreate`, `ValidateDeployment`,
 * `ValidatePersistentVolume`, ...) rejects, after v1 defaulting (validation-rules.md §1.2, A.1–A.12).
 *
 * Everything here reads plain manifest JSON defensively: a wrong type is layer 1's finding, so
 * these checks skip values of the wrong type instead of reporting them twice.
 */
import type { RuleId } from './rules/catalog';
import { child, DocReporter, hasOwn, index, ownValue, q } from './report';
import { unmatchedSelectorRequirements } from '../private/binding';
import { normalizeHostPath } from '../private/host-paths';
import {
  absolutePathErrors, configMapKeyErrors, dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors,
  envVarNameErrors, fileModeErrors, httpHeaderNameErrors, labelValueErrors, localDescendingPathErrors, localNonReservedPathErrors,
  noBackstepsErrors, percentErrors, portNameErrors, portNumberErrors, qualifiedNameErrors,
} from '../private/k8s-names';
import { compareQuantities, parseQuantity, Quantity } from '../private/quantity';
import { nodePortErrors } from '../private/service-ports';

// ---------------------------------------------------------------------------------------------
// JSON helpers

/** True for a plain JSON object. */
export function isObj(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The array, or [] for anything else. */
export function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** The object, or {} for anything else. */
export function obj(v: unknown): Record<string, any> {
  return isObj(v) ? v : {};
}

/** The string, or undefined for anything else. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** Go's `%v` of a map[string]string: `map[a:b c:d]` with sorted keys. */
function goMap(m: Record<string, unknown>): string {
  return `map[${Object.keys(m).sort().map((k) => `${k}:${String(m[k])}`).join(' ')}]`;
}

const MAX_ANNOTATIONS_SIZE = 256 * 1024;
/** `MaxSecretSize` (kubernetes/api v0.27.16 core/v1/types.go). */
const MAX_SECRET_SIZE = 1024 * 1024;

/** Kinds the API server treats as cluster-scoped (among those we validate). */
export const CLUSTER_SCOPED_KINDS = new Set(['PersistentVolume', 'StorageClass', 'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'CSIDriver', 'Node']);

/** Where the pod spec of a manifest is. */
export interface PodSpecRef {
  readonly spec: Record<string, any>;
  readonly path: string;
  readonly labels: Record<string, any>;
}

/** Per-run cache (a Map, cleared by `clearRunCaches`: cheaper for the GC than a WeakMap of thousands of objects). */
const POD_SPEC_CACHE = new Map<object, PodSpecRef | null>();

/** Forgets the per-run caches (called when a validation run ends). */
export function clearRunCaches(): void {
  POD_SPEC_CACHE.clear();
}

/** The pod spec and its path inside a workload manifest, or undefined. */
export function podSpecOf(m: any): PodSpecRef | undefined {
  if (!isObj(m)) {
    return undefined;
  }
  let ref = POD_SPEC_CACHE.get(m);
  if (ref === undefined) {
    ref = findPodSpec(m) ?? null;
    POD_SPEC_CACHE.set(m, ref);
  }
  return ref ?? undefined;
}

function findPodSpec(m: Record<string, any>): PodSpecRef | undefined {
  if (m.kind === 'Pod') {
    return isObj(m.spec) ? { spec: m.spec, path: 'spec', labels: obj(obj(m.metadata).labels) } : undefined;
  }
  if (WORKLOAD_KINDS.has(m.kind)) {
    const tpl = obj(obj(m.spec).template);
    return isObj(tpl.spec) ? { spec: tpl.spec, path: 'spec.template.spec', labels: obj(obj(tpl.metadata).labels) } : undefined;
  }
  if (m.kind === 'CronJob') {
    const tpl = obj(obj(obj(obj(m.spec).jobTemplate).spec).template);
    return isObj(tpl.spec) ? { spec: tpl.spec, path: 'spec.jobTemplate.spec.template.spec', labels: obj(obj(tpl.metadata).labels) } : undefined;
  }
  return undefined;
}

/** Kinds with `spec.template` (a pod template). */
export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);
const APPS_WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

// ---------------------------------------------------------------------------------------------
// A.1 metadata

type NameCheck = { rule: RuleId; errors: (n: string) => string[] };

const SUBDOMAIN: NameCheck = { rule: 'META-NAME-SUBDOMAIN', errors: dns1123SubdomainErrors };
const NAME_CHECKS: Record<string, NameCheck> = {
  Service: { rule: 'META-NAME-DNS1035', errors: dns1035LabelErrors },
  Namespace: { rule: 'META-NAME-DNS1123LABEL', errors: dns1123LabelErrors },
};

function labels(r: DocReporter, labelsValue: unknown, p: string, keyRule: RuleId, valueRule: RuleId): void {
  if (!isObj(labelsValue)) {
    return;
  }
  for (const [k, v] of Object.entries(labelsValue)) {
    for (const e of cached(qualifiedNameErrors, 'q', k)) {
      r.add(keyRule, p, `Invalid value: ${q(k)}: ${e}`);
    }
    if (typeof v === 'string') {
      for (const e of labelValueErrors(v)) {
        r.add(valueRule, p, `Invalid value: ${q(v)}: ${e}`);
      }
    }
  }
}

function annotations(r: DocReporter, value: unknown, p: string): void {
  if (!isObj(value)) {
    return;
  }
  let size = 0;
  for (const [k, v] of Object.entries(value)) {
    for (const e of cached(qualifiedNameErrors, 'q', k.toLowerCase())) {
      r.add('META-ANNOTATION-KEY', p, `Invalid value: ${q(k)}: ${e}`);
    }
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > MAX_ANNOTATIONS_SIZE) {
    r.add('META-ANNOTATION-SIZE', p, `Too long: must have at most ${MAX_ANNOTATIONS_SIZE} bytes`);
  }
}

function metadata(r: DocReporter, m: any): void {
  const meta = obj(m.metadata);
  const name = str(meta.name) ?? '';
  const generateName = str(meta.generateName) ?? '';
  if (name === '' && generateName === '') {
    r.add('META-NAME-REQUIRED', 'metadata.name', 'Required value: name or generateName is required');
  } else if (name !== '') {
    const check = NAME_CHECKS[m.kind] ?? SUBDOMAIN;
    for (const e of check.errors(name)) {
      r.add(check.rule, 'metadata.name', `Invalid value: ${q(name)}: ${e}`);
    }
  }
  const ns = str(meta.namespace);
  if (ns !== undefined && ns !== '') {
    if (CLUSTER_SCOPED_KINDS.has(m.kind)) {
      r.add('LINT-NAMESPACE-CLUSTER-SCOPED', 'metadata.namespace', `${m.kind} is cluster-scoped: the API server ignores namespace ${q(ns)}`,
        'remove metadata.namespace');
    } else {
      for (const e of cached(dns1123LabelErrors, 'l', ns)) {
        r.add('META-NAMESPACE', 'metadata.namespace', `Invalid value: ${q(ns)}: ${e}`);
      }
    }
  }
  labels(r, meta.labels, 'metadata.labels', 'META-LABEL-KEY', 'META-LABEL-VALUE');
  annotations(r, meta.annotations, 'metadata.annotations');
  arr(meta.finalizers).forEach((f, i) => {
    if (typeof f !== 'string') {
      return;
    }
    const fp = index('metadata.finalizers', i);
    for (const e of cached(qualifiedNameErrors, 'q', f)) {
      r.add('META-FINALIZER', fp, `Invalid value: ${q(f)}: ${e}`);
    }
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      r.add('META-FINALIZER', fp, `Invalid value: ${q(f)}: name is neither a standard finalizer name nor is it fully qualified`);
    }
  });
}

/** `IsStandardFinalizerName`: kubernetes, orphan, foregroundDeletion. */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** `ValidateTolerations` (operator, value, key, tolerationSeconds vs effect). */
function tolerations(r: DocReporter, list: unknown, p: string): void {
  arr(list).forEach((t, i) => {
    if (!isObj(t)) {
      return;
    }
    const tp = index(p, i);
    const key = str(t.key) ?? '';
    const operator = str(t.operator) ?? 'Equal';
    if (key !== '') {
      for (const e of cached(qualifiedNameErrors, 'q', key)) {
        r.add('POD-TOLERATIONS', child(tp, 'key'), `Invalid value: ${q(key)}: ${e}`);
      }
    } else if (operator !== 'Exists') {
      r.add('POD-TOLERATIONS', child(tp, 'operator'), `Invalid value: ${q(operator)}: operator must be Exists when \`key\` is empty, which means "match all values and all keys"`);
    }
    const value = str(t.value) ?? '';
    if (operator === 'Exists' && value !== '') {
      r.add('POD-TOLERATIONS', child(tp, 'operator'), `Invalid value: ${q(value)}: value must be empty when \`operator\` is 'Exists'`);
    } else if (operator === 'Equal' && value !== '') {
      for (const e of labelValueErrors(value)) {
        r.add('POD-TOLERATIONS', child(tp, 'value'), `Invalid value: ${q(value)}: ${e}`);
      }
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      r.add('POD-TOLERATIONS', child(tp, 'effect'), `Invalid value: ${q(str(t.effect) ?? '')}: effect must be 'NoExecute' when \`tolerationSeconds\` is set`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// A.4 volumes

/** Volume source fields in the order `validateVolumeSource` checks them. */
const POD_VOLUME_SOURCES = ['emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral'];

/** PersistentVolume source fields in the order `ValidatePersistentVolumeSpec` checks them. */
const PV_SOURCES = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi',
  'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO', 'local',
  'storageos', 'csi'];

const POD_SOURCE_RANK = new Map(POD_VOLUME_SOURCES.map((x, i) => [x, i]));
const PV_SOURCE_RANK = new Map(PV_SOURCES.map((x, i) => [x, i]));

/** The volume sources set on `v`, in the API server's check order. */
function presentSources(v: Record<string, any>, rank: Map<string, number>): string[] {
  const out: string[] = [];
  for (const k of Object.keys(v)) {
    if (rank.has(k) && v[k] !== null && v[k] !== undefined) {
      out.push(k);
    }
  }
  return out.length > 1 ? out.sort((a, b) => rank.get(a)! - rank.get(b)!) : out;
}

const QUANTITY_CACHE = new Map<string, Quantity | undefined>();

/** `parseQuantity`, memoized: the same few quantities repeat across thousands of containers. */
function quantity(text: string): Quantity | undefined {
  if (QUANTITY_CACHE.has(text)) {
    return QUANTITY_CACHE.get(text);
  }
  if (QUANTITY_CACHE.size > 10000) {
    QUANTITY_CACHE.clear();
  }
  const parsed = parseQuantity(text);
  QUANTITY_CACHE.set(text, parsed);
  return parsed;
}

const NAME_CACHE = new Map<string, string[]>();

/** A name rule's errors, memoized per (rule, value): label keys and names repeat across objects. */
function cached(fn: (v: string) => string[], tag: string, value: string): string[] {
  const key = `${tag}\u0000${value}`;
  let errs = NAME_CACHE.get(key);
  if (!errs) {
    if (NAME_CACHE.size > 20000) {
      NAME_CACHE.clear();
    }
    errs = fn(value);
    NAME_CACHE.set(key, errs);
  }
  return errs;
}

function fileMode(r: DocReporter, mode: unknown, p: string): void {
  const n = int(mode);
  if (n !== undefined) {
    for (const e of fileModeErrors(n)) {
      r.add('VOL-MODE-RANGE', p, `Invalid value: ${n}: ${e}`);
    }
  }
}

function keyToPaths(r: DocReporter, items: unknown, p: string): void {
  arr(items).forEach((it, k) => {
    if (!isObj(it)) {
      return;
    }
    const ip = index(p, k);
    if (str(it.key) === '') {
      r.add('VOL-ITEM-KEY', child(ip, 'key'), 'Required value');
    }
    const itemPath = str(it.path);
    if (itemPath === '') {
      r.add('VOL-ITEM-PATH', child(ip, 'path'), 'Required value');
    } else if (itemPath !== undefined) {
      for (const e of localNonReservedPathErrors(itemPath)) {
        r.add('VOL-ITEM-PATH', child(ip, 'path'), `Invalid value: ${q(itemPath)}: ${e}`);
      }
    }
    fileMode(r, it.mode, child(ip, 'mode'));
  });
}

function hostPathSource(r: DocReporter, hp: Record<string, any>, p: string, rule: RuleId): void {
  const hpPath = str(hp.path);
  if (hpPath === '') {
    r.add(rule, child(p, 'path'), 'Required value');
  } else if (hpPath !== undefined) {
    for (const e of noBackstepsErrors(hpPath)) {
      r.add(rule, child(p, 'path'), `Invalid value: ${q(hpPath)}: ${e}`);
    }
  }
}

function nfsSource(r: DocReporter, nfs: Record<string, any>, p: string, serverRule: RuleId, pathRule: RuleId): void {
  if (str(nfs.server) === '') {
    r.add(serverRule, child(p, 'server'), 'Required value');
  }
  const np = str(nfs.path);
  if (np === '') {
    r.add(pathRule, child(p, 'path'), 'Required value');
  }
  if (np !== undefined) {
    for (const e of absolutePathErrors(np)) {
      r.add(pathRule, child(p, 'path'), `Invalid value: ${q(np)}: ${e}`);
    }
  }
}

const PROJECTION_SOURCES = ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken'];

/** `validateProjectionSources`: one source per entry, no path projected twice. */
function projected(r: DocReporter, pv: Record<string, any>, p: string): void {
  const paths = new Set<string>();
  arr(pv.sources).forEach((src, j) => {
    if (!isObj(src)) {
      return;
    }
    const sp = index(child(p, 'sources'), j);
    const set = PROJECTION_SOURCES.filter((k) => isObj(src[k]));
    if (set.length > 1) {
      r.add('VOL-PROJECTED', sp, 'Forbidden: may not specify more than 1 volume type');
    }
    for (const k of set) {
      const items = arr(src[k].items);
      const own = k === 'serviceAccountToken' ? [src[k].path] : items.map((it) => obj(it).path);
      for (const path of own) {
        if (typeof path !== 'string') {
          continue;
        }
        if (paths.has(path)) {
          r.add('VOL-PROJECTED', p, `Invalid value: ${q(path)}: conflicting duplicate paths`);
        }
        paths.add(path);
      }
      if (k === 'secret' || k === 'configMap') {
        keyToPaths(r, src[k].items, child(child(sp, k), 'items'));
      }
    }
  });
}

/** Validates `volumes`; returns the names of the valid volumes (mounts of others are `Not found`). */
function volumes(r: DocReporter, list: unknown, p: string, out: RawCounter): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  arr(list).forEach((v, i) => {
    if (!isObj(v)) {
      return;
    }
    const before = out.count();
    const vp = index(p, i);
    const name = str(v.name);
    if (name === '') {
      r.add('VOL-NAME-REQUIRED', child(vp, 'name'), 'Required value');
    } else if (name !== undefined) {
      for (const e of cached(dns1123LabelErrors, 'l', name)) {
        r.add('VOL-NAME-DNS1123LABEL', child(vp, 'name'), `Invalid value: ${q(name)}: ${e}`);
      }
      if (seen.has(name)) {
        r.add('VOL-NAME-UNIQUE', child(vp, 'name'), `Duplicate value: ${q(name)}`);
      }
    }
    const sources = presentSources(v, POD_SOURCE_RANK);
    if (sources.length === 0) {
      r.add('LINT-VOLUME-NO-SOURCE', vp, 'volume has no source; the API server defaults it to emptyDir: {}', 'write emptyDir: {} explicitly');
    }
    for (const extra of sources.slice(1)) {
      r.add('VOL-SOURCE-MAX-ONE', child(vp, extra), 'Forbidden: may not specify more than 1 volume type');
    }
    if (isObj(v.emptyDir) && v.emptyDir.sizeLimit !== undefined) {
      const ql = typeof v.emptyDir.sizeLimit === 'string' ? quantity(v.emptyDir.sizeLimit) : undefined;
      if (ql && ql.num < 0n) {
        r.add('VOL-EMPTYDIR-SIZELIMIT', child(vp, 'emptyDir.sizeLimit'), 'Forbidden: SizeLimit field must be a valid resource quantity');
      }
    }
    if (isObj(v.hostPath)) {
      hostPathSource(r, v.hostPath, child(vp, 'hostPath'), 'VOL-HOSTPATH-PATH');
    }
    if (isObj(v.nfs)) {
      nfsSource(r, v.nfs, child(vp, 'nfs'), 'VOL-NFS-SERVER', 'VOL-NFS-PATH');
    }
    if (isObj(v.configMap)) {
      const cp = child(vp, 'configMap');
      if ((str(v.configMap.name) ?? '') === '') {
        r.add('VOL-CM-NAME', child(cp, 'name'), 'Required value');
      }
      fileMode(r, v.configMap.defaultMode, child(cp, 'defaultMode'));
      keyToPaths(r, v.configMap.items, child(cp, 'items'));
    }
    if (isObj(v.secret)) {
      const sp = child(vp, 'secret');
      if ((str(v.secret.secretName) ?? '') === '') {
        r.add('VOL-SECRET-NAME', child(sp, 'secretName'), 'Required value');
      }
      fileMode(r, v.secret.defaultMode, child(sp, 'defaultMode'));
      keyToPaths(r, v.secret.items, child(sp, 'items'));
    }
    for (const src of ['downwardAPI', 'projected']) {
      if (isObj(v[src])) {
        fileMode(r, v[src].defaultMode, child(vp, `${src}.defaultMode`));
      }
    }
    if (isObj(v.projected)) {
      projected(r, v.projected, child(vp, 'projected'));
    }
    if (isObj(v.persistentVolumeClaim) && str(v.persistentVolumeClaim.claimName) === '') {
      r.add('VOL-PVC-CLAIMNAME', child(vp, 'persistentVolumeClaim.claimName'), 'Required value');
    }
    if (name !== undefined && name !== '') {
      seen.add(name);
      if (out.count() === before || out.onlyLintSince(before)) {
        names.add(name);
      }
    }
  });
  return names;
}

// ---------------------------------------------------------------------------------------------
// A.2 / A.3 / A.5 containers

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket'];

function portNumOrName(r: DocReporter, port: unknown, p: string): void {
  if (typeof port === 'number') {
    for (const e of portNumberErrors(port)) {
      r.add('CTR-HTTPGET', p, `Invalid value: ${port}: ${e}`);
    }
  } else if (typeof port === 'string') {
    for (const e of cached(portNameErrors, 'p', port)) {
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
    for (const e of cached(httpHeaderNameErrors, 'h', name)) {
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
    r.add('CTR-EXEC-COMMAND', child(p, 'exec.command'), 'Required value');
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

function resources(r: DocReporter, res: Record<string, any>, p: string): void {
  const parsed: Record<string, Map<string, Quantity>> = { limits: new Map(), requests: new Map() };
  for (const part of ['limits', 'requests']) {
    for (const [k, v] of Object.entries(obj(res[part]))) {
      const text = typeof v === 'number' ? String(v) : str(v);
      const qv = text === undefined ? undefined : quantity(text);
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

/**
 * `helper.IsOvercommitAllowed`: native resources (no domain, or a `kubernetes.io/` one) other than
 * `hugepages-*`. The others (hugepages, extended resources such as nvidia.com/gpu) need request == limit.
 */
function isOvercommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}

function env(r: DocReporter, list: unknown, p: string): void {
  arr(list).forEach((e, k) => {
    if (!isObj(e)) {
      return;
    }
    const ep = index(p, k);
    const name = str(e.name);
    if (name === '') {
      r.add('CTR-ENV-NAME', child(ep, 'name'), 'Required value');
    } else if (name !== undefined) {
      for (const m of cached(envVarNameErrors, 'e', name)) {
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
      for (const m of dns1123SubdomainErrors(refName)) {
        r.add('CTR-ENV-KEYREF', child(rp, 'name'), `Invalid value: ${q(refName)}: ${m}`);
      }
      const key = str(vf[ref].key);
      if (key === '') {
        r.add('CTR-ENV-KEYREF', child(rp, 'key'), 'Required value');
      } else if (key !== undefined) {
        for (const m of cached(configMapKeyErrors, 'k', key)) {
          r.add('CTR-ENV-KEYREF', child(rp, 'key'), `Invalid value: ${q(key)}: ${m}`);
        }
      }
    }
  });
}

function mounts(r: DocReporter, c: Record<string, any>, p: string, volumeNames: Set<string>): void {
  const paths = new Set<string>();
  const privileged = obj(c.securityContext).privileged === true;
  arr(c.volumeMounts).forEach((m, k) => {
    if (!isObj(m)) {
      return;
    }
    const mp = index(child(p, 'volumeMounts'), k);
    const name = str(m.name);
    if (name === '') {
      r.add('MNT-NAME-REQUIRED', child(mp, 'name'), 'Required value');
    } else if (name !== undefined && !volumeNames.has(name)) {
      r.add('MNT-NAME-NOTFOUND', child(mp, 'name'), `Not found: ${q(name)}`);
    }
    const mountPath = str(m.mountPath);
    if (mountPath === '') {
      r.add('MNT-PATH-REQUIRED', child(mp, 'mountPath'), 'Required value');
    } else if (mountPath !== undefined) {
      if (paths.has(mountPath)) {
        r.add('MNT-PATH-UNIQUE', child(mp, 'mountPath'), `Invalid value: ${q(mountPath)}: must be unique`);
      }
      paths.add(mountPath);
      if (!mountPath.startsWith('/') || mountPath.includes(':')) {
        r.add('LINT-MOUNT-PATH-ABSOLUTE', child(mp, 'mountPath'), `mountPath ${q(mountPath)} must be an absolute path without ':'`,
          'write an absolute path such as /data');
      }
    }
    const subPath = str(m.subPath);
    if (subPath !== undefined && subPath !== '') {
      for (const e of cached(localDescendingPathErrors, 'd', subPath)) {
        r.add('MNT-SUBPATH', child(mp, 'subPath'), `Invalid value: ${q(subPath)}: ${e}`);
      }
    }
    const subPathExpr = str(m.subPathExpr);
    if (subPathExpr !== undefined && subPathExpr !== '') {
      if (subPath !== undefined && subPath !== '') {
        r.add('MNT-SUBPATH-EXCLUSIVE', child(mp, 'subPathExpr'), `Invalid value: ${q(subPathExpr)}: subPathExpr and subPath are mutually exclusive`);
      }
      for (const e of cached(localDescendingPathErrors, 'd', subPathExpr)) {
        r.add('MNT-SUBPATHEXPR-PATH', child(mp, 'subPathExpr'), `Invalid value: ${q(subPathExpr)}: ${e}`);
      }
    }
    if (m.mountPropagation === 'Bidirectional' && !privileged) {
      r.add('MNT-PROPAGATION', child(mp, 'mountPropagation'), 'Forbidden: Bidirectional mount propagation is available only to privileged containers');
    }
  });
}

interface ContainerCtx {
  readonly isPod: boolean;
  readonly volumeNames: Set<string>;
  readonly hostNetwork: boolean;
}

function containerCommon(r: DocReporter, c: Record<string, any>, p: string, ctx: ContainerCtx): void {
  const name = str(c.name);
  if (name === '') {
    r.add('CTR-NAME-REQUIRED', child(p, 'name'), 'Required value');
  } else if (name !== undefined) {
    for (const e of cached(dns1123LabelErrors, 'l', name)) {
      r.add('CTR-NAME-DNS1123LABEL', child(p, 'name'), `Invalid value: ${q(name)}: ${e}`);
    }
  }
  const image = str(c.image);
  if (c.image === undefined || c.image === null || image === '') {
    r.add('CTR-IMAGE-REQUIRED', child(p, 'image'), 'Required value');
  } else if (ctx.isPod && image !== undefined && image.trim() !== image) {
    r.add('CTR-IMAGE-WHITESPACE', child(p, 'image'), `Invalid value: ${q(image)}: must not have leading or trailing whitespace`);
  }
  const portNames = new Set<string>();
  arr(c.ports).forEach((port, k) => {
    if (!isObj(port)) {
      return;
    }
    const pp = index(child(p, 'ports'), k);
    const cp = int(port.containerPort);
    if (cp === 0) {
      r.add('CTR-PORT-NUMBER', child(pp, 'containerPort'), 'Required value');
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
      if (ctx.hostNetwork && cp !== undefined && hp !== cp) {
        r.add('CTR-HOSTNETWORK-PORTS', child(pp, 'containerPort'), `Invalid value: ${cp}: must match \`hostPort\` when \`hostNetwork\` is true`);
      }
    }
    const pn = str(port.name);
    if (pn !== undefined && pn !== '') {
      for (const e of cached(portNameErrors, 'p', pn)) {
        r.add('CTR-PORT-NAME-IANA', child(pp, 'name'), `Invalid value: ${q(pn)}: ${e}`);
      }
      if (portNames.has(pn)) {
        r.add('CTR-PORT-NAME-UNIQUE', child(pp, 'name'), `Duplicate value: ${q(pn)}`);
      }
      portNames.add(pn);
    }
  });
  env(r, c.env, child(p, 'env'));
  if (isObj(c.resources)) {
    resources(r, c.resources, child(p, 'resources'));
  }
  mounts(r, c, p, ctx.volumeNames);
}

function hostPortConflicts(r: DocReporter, containers: any[], p: string): void {
  const seen = new Set<string>();
  containers.forEach((c, i) => {
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

/** `ValidatePodSpec` (+ `ValidatePodCreate` extras when `isPod`). */
function podSpec(r: DocReporter, spec: Record<string, any>, p: string, isPod: boolean, out: RawCounter): void {
  const volumeNames = volumes(r, spec.volumes, child(p, 'volumes'), out);
  const ctx: ContainerCtx = { isPod, volumeNames, hostNetwork: spec.hostNetwork === true };
  const containers = arr(spec.containers);
  const cp = child(p, 'containers');
  if (containers.length === 0 && spec.containers !== undefined && spec.containers !== null) {
    r.add('POD-CONTAINERS-REQUIRED', cp, 'Required value');
  }
  const allNames = new Set<string>();
  containers.forEach((c, i) => {
    if (!isObj(c)) {
      return;
    }
    const p2 = index(cp, i);
    containerCommon(r, c, p2, ctx);
    for (const pr of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
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
    const name = str(c.name);
    if (name) {
      if (allNames.has(name)) {
        r.add('CTR-NAME-UNIQUE', child(p2, 'name'), `Duplicate value: ${q(name)}`);
      }
      allNames.add(name);
    }
  });
  hostPortConflicts(r, containers, cp);
  const ip = child(p, 'initContainers');
  arr(spec.initContainers).forEach((c, i) => {
    if (!isObj(c)) {
      return;
    }
    const p2 = index(ip, i);
    containerCommon(r, c, p2, ctx);
    const name = str(c.name);
    if (name) {
      if (allNames.has(name)) {
        r.add('CTR-NAME-UNIQUE', child(p2, 'name'), `Duplicate value: ${q(name)}`);
      }
      allNames.add(name);
    }
    if (c.lifecycle !== undefined && c.lifecycle !== null) {
      r.add('INIT-NO-LIFECYCLE', child(p2, 'lifecycle'), 'Forbidden: may not be set for init containers');
    }
    for (const pr of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (c[pr] !== undefined && c[pr] !== null) {
        r.add('INIT-NO-PROBES', child(p2, pr), 'Forbidden: may not be set for init containers');
      }
    }
    hostPortConflicts(r, [c], ip);
  });
  if (arr(spec.ephemeralContainers).length > 0) {
    r.add('POD-EPHEMERAL-ON-CREATE', child(p, 'ephemeralContainers'), 'Forbidden: cannot be set on create');
  }
  const sa = str(spec.serviceAccountName);
  if (sa !== undefined && sa !== '') {
    for (const e of dns1123SubdomainErrors(sa)) {
      r.add('POD-SA-NAME', child(p, 'serviceAccountName'), `Invalid value: ${q(sa)}: ${e}`);
    }
  }
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec[f]);
    if (v !== undefined && v !== '') {
      for (const e of cached(dns1123LabelErrors, 'l', v)) {
        r.add('POD-HOSTNAME', child(p, f), `Invalid value: ${q(v)}: ${e}`);
      }
    }
  }
  labels(r, spec.nodeSelector, child(p, 'nodeSelector'), 'POD-NODESELECTOR', 'POD-NODESELECTOR');
  tolerations(r, spec.tolerations, child(p, 'tolerations'));
}

// ---------------------------------------------------------------------------------------------
// A.12 workloads

function selectorMatches(selector: Record<string, any>, tplLabels: Record<string, any>): boolean {
  const l: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(tplLabels)) {
    Object.defineProperty(l, k, { value: String(v), enumerable: true });
  }
  return unmatchedSelectorRequirements(selector, l).length === 0;
}

/** Go's `%#v` of an `intstr.IntOrString` (how the API server prints maxSurge / maxUnavailable). */
function goIntOrString(v: number | string): string {
  return typeof v === 'number'
    ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
    : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${q(v)}}`;
}

/** av.go `getIntOrPercentValue`: the percentage of a valid percent string, else `IntValue()` (Atoi, 0 on error). */
function intOrPercentValue(v: number | string): number {
  if (typeof v === 'number') {
    return v;
  }
  if (percentErrors(v).length === 0) {
    return Number(v.slice(0, -1));
  }
  return /^[+-]?[0-9]+$/.test(v) ? Number(v) : 0;
}

/**
 * av.go `ValidateDeploymentStrategy` after v1 defaulting: a missing type is RollingUpdate, missing
 * maxSurge / maxUnavailable are 25% (so "both zero" needs both written). An unknown type is layer 1's enum finding.
 */
function deploymentStrategy(r: DocReporter, strategy: Record<string, any>): void {
  const rawType = strategy.type ?? '';
  if (typeof rawType !== 'string') {
    return;
  }
  const type = rawType === '' ? 'RollingUpdate' : rawType;
  const ru = strategy.rollingUpdate;
  if (type === 'Recreate') {
    if (ru !== undefined && ru !== null) {
      r.add('DEP-STRATEGY', 'spec.strategy.rollingUpdate', 'Forbidden: may not be specified when strategy `type` is \'Recreate\'',
        'remove rollingUpdate, or use type RollingUpdate');
    }
    return;
  }
  if (type !== 'RollingUpdate' || (ru !== undefined && ru !== null && !isObj(ru))) {
    return;
  }
  const p = 'spec.strategy.rollingUpdate';
  const value = (v: unknown): number | string | undefined => (v === undefined || v === null ? '25%'
    : typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) ? v : undefined);
  const maxUnavailable = value(obj(ru).maxUnavailable);
  const maxSurge = value(obj(ru).maxSurge);
  for (const [field, v] of [['maxUnavailable', maxUnavailable], ['maxSurge', maxSurge]] as const) {
    if (typeof v === 'string') {
      for (const e of percentErrors(v)) {
        r.add('DEP-STRATEGY', child(p, field), `Invalid value: ${goIntOrString(v)}: ${e}`, 'write a whole number (e.g. 1) or a percentage (e.g. \'25%\')');
      }
    } else if (typeof v === 'number' && v < 0) {
      r.add('DEP-STRATEGY', child(p, field), `Invalid value: ${v}: must be greater than or equal to 0`);
    }
  }
  if (maxUnavailable === undefined || maxSurge === undefined) {
    return;
  }
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    r.add('DEP-STRATEGY', child(p, 'maxUnavailable'), `Invalid value: ${goIntOrString(maxUnavailable)}: may not be 0 when \`maxSurge\` is 0`,
      'let the rollout either add a pod (maxSurge ≥ 1) or take one down (maxUnavailable ≥ 1)');
  }
  if (typeof maxUnavailable === 'string' && percentErrors(maxUnavailable).length === 0 && intOrPercentValue(maxUnavailable) > 100) {
    r.add('DEP-STRATEGY', child(p, 'maxUnavailable'), `Invalid value: ${goIntOrString(maxUnavailable)}: must not be greater than 100%`);
  }
}

function workload(r: DocReporter, m: any, out: RawCounter): void {
  const spec = obj(m.spec);
  const kind = m.kind;
  const replicas = int(spec.replicas);
  if (replicas !== undefined && replicas < 0) {
    r.add('DEP-REPLICAS', 'spec.replicas', `Invalid value: ${replicas}: must be greater than or equal to 0`);
  }
  const tpl = obj(spec.template);
  const tplMeta = obj(tpl.metadata);
  const tplLabels = obj(tplMeta.labels);
  if (kind !== 'Job' && isObj(spec.selector)) {
    const sel = spec.selector;
    if (Object.keys(obj(sel.matchLabels)).length === 0 && arr(sel.matchExpressions).length === 0) {
      r.add('DEP-SELECTOR-EMPTY', 'spec.selector', `Invalid value: ${JSON.stringify(sel)}: empty selector is invalid for deployment`);
    } else if (isObj(spec.template) && !selectorMatches(sel, tplLabels)) {
      r.add('DEP-SELECTOR-MATCH', 'spec.template.metadata.labels', `Invalid value: ${goMap(tplLabels)}: \`selector\` does not match template \`labels\``);
    }
  } else if (kind === 'Job' && isObj(spec.selector) && spec.manualSelector === true && !selectorMatches(spec.selector, tplLabels)) {
    r.add('DEP-SELECTOR-MATCH', 'spec.template.metadata.labels', `Invalid value: ${goMap(tplLabels)}: \`selector\` does not match template \`labels\``);
  }
  labels(r, tplMeta.labels, 'spec.template.metadata.labels', 'META-LABEL-KEY', 'META-LABEL-VALUE');
  annotations(r, tplMeta.annotations, 'spec.template.metadata.annotations');
  if (!isObj(tpl.spec)) {
    return;
  }
  const ps = tpl.spec;
  const restart = str(ps.restartPolicy);
  if (APPS_WORKLOADS.has(kind)) {
    if (restart !== undefined && restart !== 'Always') {
      r.add('DEP-TEMPLATE-RESTARTPOLICY', 'spec.template.spec.restartPolicy', `Unsupported value: ${q(restart)}: supported values: "Always"`);
    }
    const ads = int(ps.activeDeadlineSeconds);
    if (ads !== undefined) {
      r.add('DEP-TEMPLATE-ACTIVEDEADLINE', 'spec.template.spec.activeDeadlineSeconds', `Invalid value: ${ads}: must not be specified`);
    }
  } else if (kind === 'Job') {
    if (restart === undefined || restart === 'Always') {
      r.add('JOB-RESTARTPOLICY', 'spec.template.spec.restartPolicy', `Unsupported value: ${q(restart ?? 'Always')}: supported values: "OnFailure", "Never"`);
    }
  }
  if (kind === 'Deployment') {
    deploymentStrategy(r, obj(spec.strategy));
    const pds = int(spec.progressDeadlineSeconds);
    const mrs = int(spec.minReadySeconds) ?? 0;
    if (pds !== undefined && pds <= mrs) {
      r.add('DEP-PROGRESS-DEADLINE', 'spec.progressDeadlineSeconds', `Invalid value: ${pds}: must be greater than minReadySeconds`);
    }
  }
  podSpec(r, ps, 'spec.template.spec', false, out);
}

// ---------------------------------------------------------------------------------------------
// A.6 / A.7 / A.8 storage

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function accessModes(r: DocReporter, modes: unknown, rule: RuleId, rwopRule: RuleId, requiredMsg: string): void {
  const list = arr(modes);
  if (list.length === 0) {
    r.add(rule, 'spec.accessModes', requiredMsg);
    return;
  }
  for (const m of list) {
    if (typeof m === 'string' && !ACCESS_MODES.includes(m)) {
      r.add(rule, 'spec.accessModes', `Unsupported value: ${q(m)}: supported values: ${ACCESS_MODES.map((x) => q(x)).join(', ')}`);
    }
  }
  if (list.includes('ReadWriteOncePod') && list.length > 1) {
    r.add(rwopRule, 'spec.accessModes', 'Forbidden: may not use ReadWriteOncePod with other access modes');
  }
}

function storageClassName(r: DocReporter, spec: Record<string, any>, rule: RuleId): void {
  const cls = str(spec.storageClassName);
  if (cls !== undefined && cls !== '') {
    for (const e of dns1123SubdomainErrors(cls)) {
      r.add(rule, 'spec.storageClassName', `Invalid value: ${q(cls)}: ${e}`);
    }
  }
}

function persistentVolume(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  accessModes(r, spec.accessModes, 'PV-ACCESSMODES', 'PV-RWOP-EXCLUSIVE', 'Required value');
  const capacity = obj(spec.capacity);
  const keys = Object.keys(capacity);
  if (keys.length === 0) {
    r.add('PV-CAPACITY', 'spec.capacity', 'Required value');
  } else if (keys.length > 1 || keys[0] !== 'storage') {
    r.add('PV-CAPACITY', 'spec.capacity', `Unsupported value: ${goMap(capacity)}: supported values: "storage"`);
  }
  const storage = capacity.storage;
  const storageText = typeof storage === 'number' ? String(storage) : str(storage);
  const sq = storageText === undefined ? undefined : quantity(storageText);
  if (sq && sq.num <= 0n) {
    r.add('PV-CAPACITY', 'spec.capacity[storage]', `Invalid value: ${q(storageText)}: must be greater than zero`);
  }
  const sources = presentSources(spec, PV_SOURCE_RANK);
  if (sources.length === 0) {
    r.add('PV-SOURCE-REQUIRED', 'spec', 'Required value: must specify a volume type');
  }
  for (const extra of sources.slice(1)) {
    r.add('PV-SOURCE-MAX-ONE', child('spec', extra), 'Forbidden: may not specify more than 1 volume type');
  }
  if (isObj(spec.hostPath)) {
    hostPathSource(r, spec.hostPath, 'spec.hostPath', 'PV-HOSTPATH');
    const hp = str(spec.hostPath.path);
    if (spec.persistentVolumeReclaimPolicy === 'Recycle' && hp !== undefined && hp !== '' && normalizeHostPath(hp) === '/') {
      r.add('PV-RECYCLE-HOSTPATH-ROOT', 'spec.persistentVolumeReclaimPolicy', 'Forbidden: may not be \'recycle\' for a hostPath mount of \'/\'');
    }
  }
  if (isObj(spec.nfs)) {
    nfsSource(r, spec.nfs, 'spec.nfs', 'PV-NFS', 'PV-NFS');
  }
  if (isObj(spec.local)) {
    const lp = str(spec.local.path);
    if (lp === '') {
      r.add('PV-LOCAL', 'spec.local.path', 'Required value');
    } else if (lp !== undefined) {
      for (const e of noBackstepsErrors(lp)) {
        r.add('PV-LOCAL', 'spec.local.path', `Invalid value: ${q(lp)}: ${e}`);
      }
    }
    if (!isObj(spec.nodeAffinity)) {
      r.add('PV-LOCAL', 'spec.nodeAffinity', 'Required value: Local volume requires node affinity');
    }
  }
  if (isObj(spec.nodeAffinity)) {
    const req = spec.nodeAffinity.required;
    if (!isObj(req)) {
      r.add('PV-NODEAFFINITY', 'spec.nodeAffinity.required', 'Required value: must specify required node constraints');
    } else if (arr(req.nodeSelectorTerms).length === 0) {
      r.add('PV-NODEAFFINITY', 'spec.nodeAffinity.required.nodeSelectorTerms', 'Required value: must have at least one node selector term');
    }
  }
  if (isObj(spec.csi)) {
    const driver = str(spec.csi.driver) ?? '';
    if (driver === '') {
      r.add('PV-CSI', 'spec.csi.driver', 'Required value');
    } else {
      if (driver.length > 63) {
        r.add('PV-CSI', 'spec.csi.driver', 'Too long: must have at most 63 bytes');
      }
      for (const e of dns1123SubdomainErrors(driver.toLowerCase())) {
        r.add('PV-CSI', 'spec.csi.driver', `Invalid value: ${q(driver)}: ${e}`);
      }
    }
    if ((str(spec.csi.volumeHandle) ?? '') === '') {
      r.add('PV-CSI', 'spec.csi.volumeHandle', 'Required value');
    }
  }
  storageClassName(r, spec, 'PV-STORAGECLASS-NAME');
  if (spec.persistentVolumeReclaimPolicy === 'Recycle') {
    const recyclable = isObj(spec.nfs) || isObj(spec.hostPath);
    r.add('LINT-PV-RECYCLE', 'spec.persistentVolumeReclaimPolicy', recyclable
      ? 'reclaim policy Recycle is deprecated (it runs rm -rf on the volume when the claim is released)'
      : `reclaim policy Recycle is not supported for ${sources[0] ?? 'this'} volumes: on release the volume goes Failed with "No recycler plugin found for the volume!"`);
  }
}

function persistentVolumeClaim(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  accessModes(r, spec.accessModes, 'PVC-ACCESSMODES', 'PVC-RWOP-EXCLUSIVE', 'Required value: at least 1 access mode is required');
  const requests = obj(obj(spec.resources).requests);
  const storage = requests.storage;
  const text = typeof storage === 'number' ? String(storage) : str(storage);
  if (storage === undefined || storage === null) {
    r.add('PVC-STORAGE-REQUIRED', 'spec.resources[storage]', 'Required value');
  } else if (text !== undefined) {
    const sq = quantity(text);
    if (sq && sq.num <= 0n) {
      r.add('PVC-STORAGE-POSITIVE', 'spec.resources[storage]', `Invalid value: ${q(text)}: must be greater than zero`);
    }
  }
  storageClassName(r, spec, 'PVC-STORAGECLASS-NAME');
  labelSelector(r, spec.selector, 'spec.selector', 'PVC-SELECTOR');
  dataSource(r, spec);
}

/**
 * apimachinery `ValidateLabelSelector` as 1.27 runs it on create (`AllowInvalidLabelValueInSelector`
 * false): matchLabels as labels; each matchExpressions entry needs a known operator, values for
 * In/NotIn and none for Exists/DoesNotExist, a qualified-name key and label-valued values.
 */
function labelSelector(r: DocReporter, selector: unknown, p: string, rule: RuleId): void {
  if (!isObj(selector)) {
    return;
  }
  labels(r, selector.matchLabels, child(p, 'matchLabels'), rule, rule);
  arr(selector.matchExpressions).forEach((e, i) => {
    if (!isObj(e)) {
      return;
    }
    const ep = index(child(p, 'matchExpressions'), i);
    const values = arr(e.values);
    const operator = e.operator ?? '';
    if (typeof operator === 'string') {
      if (operator === 'In' || operator === 'NotIn') {
        if (values.length === 0) {
          r.add(rule, child(ep, 'values'), 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'');
        }
      } else if (operator === 'Exists' || operator === 'DoesNotExist') {
        if (values.length > 0) {
          r.add(rule, child(ep, 'values'), 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'');
        }
      } else {
        r.add(rule, child(ep, 'operator'), `Invalid value: ${q(operator)}: not a valid selector operator`,
          'use one of In, NotIn, Exists, DoesNotExist');
      }
    }
    const key = e.key ?? '';
    if (typeof key === 'string') {
      for (const m of cached(qualifiedNameErrors, 'q', key)) {
        r.add(rule, child(ep, 'key'), `Invalid value: ${q(key)}: ${m}`);
      }
    }
    values.forEach((v, j) => {
      if (typeof v === 'string') {
        for (const m of labelValueErrors(v)) {
          r.add(rule, index(child(ep, 'values'), j), `Invalid value: ${q(v)}: ${m}`);
        }
      }
    });
  });
}

/** `validateDataSource` / `validateDataSourceRef` and their agreement. */
function dataSource(r: DocReporter, spec: Record<string, any>): void {
  for (const field of ['dataSource', 'dataSourceRef']) {
    const ds = spec[field];
    if (!isObj(ds)) {
      continue;
    }
    const fp = `spec.${field}`;
    if ((str(ds.name) ?? '') === '') {
      r.add('PVC-DATASOURCE', child(fp, 'name'), 'Required value');
    }
    const kind = str(ds.kind) ?? '';
    if (kind === '') {
      r.add('PVC-DATASOURCE', child(fp, 'kind'), 'Required value');
    }
    if ((str(ds.apiGroup) ?? '') === '' && kind !== '' && kind !== 'PersistentVolumeClaim') {
      r.add('PVC-DATASOURCE', fp, `Invalid value: ${q(kind)}: must be 'PersistentVolumeClaim' when referencing the default apiGroup`);
    }
  }
  const a = spec.dataSource;
  const b = spec.dataSourceRef;
  if (isObj(a) && isObj(b) && b.namespace === undefined
    && (a.name !== b.name || a.kind !== b.kind || (a.apiGroup ?? '') !== (b.apiGroup ?? ''))) {
    r.add('PVC-DATASOURCE', 'spec', `Invalid value: ${JSON.stringify(a)}: must match dataSourceRef`);
  }
}

function storageClass(r: DocReporter, m: any): void {
  const prov = str(m.provisioner);
  if (prov === '') {
    r.add('SC-PROVISIONER', 'provisioner', 'Required value');
  } else if (prov !== undefined) {
    for (const e of qualifiedNameErrors(prov.toLowerCase())) {
      r.add('SC-PROVISIONER', 'provisioner', `Invalid value: ${q(prov)}: ${e}`);
    }
  }
  if (isObj(m.parameters)) {
    const entries = Object.entries(m.parameters);
    if (entries.length > 512) {
      r.add('SC-PARAMS', 'parameters', 'Too long: must have at most 512 bytes');
    } else {
      let size = 0;
      for (const [k, v] of entries) {
        if (k === '') {
          r.add('SC-PARAMS', 'parameters', 'Invalid value: "": field can not be empty.');
        }
        size += k.length + (typeof v === 'string' ? v.length : 0);
      }
      if (size > 256 * 1024) {
        r.add('SC-PARAMS', 'parameters', `Too long: must have at most ${256 * 1024} bytes`);
      }
    }
  }
  if (m.reclaimPolicy === 'Recycle') {
    r.add('SC-RECLAIM-ENUM', 'reclaimPolicy', 'Unsupported value: "Recycle": supported values: "Delete", "Retain"');
  }
  allowedTopologies(r, m.allowedTopologies);
}

/** One topology term as the API server compares them: label key → set of values. */
type TopologyTerm = Map<string, Set<string>>;

function sameTerm(a: TopologyTerm, b: TopologyTerm): boolean {
  if (a.size !== b.size) {
    return false;
  }
  for (const [k, va] of a) {
    const vb = b.get(k);
    if (!vb || vb.size !== va.size || [...va].some((v) => !vb.has(v))) {
      return false;
    }
  }
  return true;
}

/**
 * sv.go `validateAllowedTopologies` + v.go `ValidateTopologySelectorTerm`: each expression needs
 * values (no repeats) and a qualified-name key used once per term; no term may equal an earlier one
 * (compared as key → value sets). Quirk kept: the API server seeds its list of seen terms with empty
 * maps and compares "semantically" (empty == nil), so a term without expressions is always a duplicate.
 */
function allowedTopologies(r: DocReporter, list: unknown): void {
  const seen: TopologyTerm[] = [];
  arr(list).forEach((t, i) => {
    if (!isObj(t)) {
      return;
    }
    const ep = child(index('allowedTopologies', i), 'matchLabelExpressions');
    const term: TopologyTerm = new Map();
    arr(t.matchLabelExpressions).forEach((e, j) => {
      if (!isObj(e)) {
        return;
      }
      const xp = index(ep, j);
      const vp = child(xp, 'values');
      const values = arr(e.values);
      if (values.length === 0) {
        r.add('SC-ALLOWEDTOPOLOGIES', vp, 'Required value', 'list at least one value for the key');
      }
      const set = new Set<string>();
      values.forEach((v, k) => {
        if (typeof v !== 'string') {
          return;
        }
        if (set.has(v)) {
          r.add('SC-ALLOWEDTOPOLOGIES', index(vp, k), `Duplicate value: ${q(v)}`);
        }
        set.add(v);
      });
      const key = e.key ?? '';
      if (typeof key !== 'string') {
        return;
      }
      for (const m of cached(qualifiedNameErrors, 'q', key)) {
        r.add('SC-ALLOWEDTOPOLOGIES', child(xp, 'key'), `Invalid value: ${q(key)}: ${m}`);
      }
      if (term.has(key)) {
        r.add('SC-ALLOWEDTOPOLOGIES', child(xp, 'key'), `Duplicate value: ${q(key)}`, 'list all values of a key in one expression');
      }
      term.set(key, set);
    });
    if (term.size === 0 || seen.some((s) => sameTerm(s, term))) {
      r.add('SC-ALLOWEDTOPOLOGIES', ep, 'Duplicate value: ""', term.size === 0
        ? 'give the term at least one matchLabelExpressions entry (the API server rejects an empty term as a duplicate)'
        : 'remove the repeated term (terms are compared as sets of values per key, in any order)');
    }
    seen.push(term);
  });
}

// ---------------------------------------------------------------------------------------------
// A.9 / A.10 Secret and ConfigMap

const REDACTED_VALUE = '"<secret contents redacted>"';

function decodedBytes(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

/** The decoded value of key `key` of a Secret (stringData wins over data), or undefined. */
export function secretValue(m: any, key: string): string | undefined {
  const sd = obj(m.stringData);
  const text = ownValue(sd, key);
  if (typeof text === 'string') {
    return text;
  }
  const encoded = ownValue(obj(m.data), key);
  if (typeof encoded === 'string') {
    return decodedBytes(encoded).toString('utf8');
  }
  return undefined;
}

function jsonObjectError(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'invalid character looking for beginning of value';
  }
  if (!isObj(parsed)) {
    const t = parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed;
    return parsed === null ? undefined : `json: cannot unmarshal ${t} into Go value of type map[string]interface {}`;
  }
  return undefined;
}

function secret(r: DocReporter, m: any): void {
  const data = obj(m.data);
  const stringData = obj(m.stringData);
  let size = 0;
  for (const [field, map] of [['data', data], ['stringData', stringData]] as const) {
    for (const [k, v] of Object.entries(map)) {
      for (const e of cached(configMapKeyErrors, 'k', k)) {
        r.add('SEC-KEY-FORMAT', index('data', k), `Invalid value: ${q(k)}: ${e}`);
      }
      if (typeof v === 'string') {
        size += field === 'data' ? decodedBytes(v).length : Buffer.byteLength(v);
      }
    }
  }
  if (size > MAX_SECRET_SIZE) {
    r.add('SEC-SIZE', 'data', `Too long: must have at most ${MAX_SECRET_SIZE} bytes`);
  }
  const has = (k: string) => typeof ownValue(data, k) === 'string' || typeof ownValue(stringData, k) === 'string';
  const type = str(m.type) ?? 'Opaque';
  const dockerKey = type === 'kubernetes.io/dockerconfigjson' ? '.dockerconfigjson' : type === 'kubernetes.io/dockercfg' ? '.dockercfg' : undefined;
  if (dockerKey) {
    const rule = dockerKey === '.dockerconfigjson' ? 'SEC-DOCKERCONFIGJSON' : 'SEC-DOCKERCFG';
    if (!has(dockerKey)) {
      r.add(`${rule}-KEY`, index('data', dockerKey), 'Required value');
    } else {
      const err = jsonObjectError(secretValue(m, dockerKey) ?? '');
      if (err) {
        r.add(`${rule}-JSON`, index('data', dockerKey), `Invalid value: ${REDACTED_VALUE}: ${err}`);
      }
    }
  } else if (type === 'kubernetes.io/basic-auth') {
    if (!has('username') && !has('password')) {
      r.add('SEC-BASICAUTH', index('data', 'username'), 'Required value');
      r.add('SEC-BASICAUTH', index('data', 'password'), 'Required value');
    }
  } else if (type === 'kubernetes.io/ssh-auth') {
    if ((secretValue(m, 'ssh-privatekey') ?? '') === '') {
      r.add('SEC-SSHAUTH', index('data', 'ssh-privatekey'), 'Required value');
    }
  } else if (type === 'kubernetes.io/tls') {
    for (const k of ['tls.crt', 'tls.key']) {
      if (!has(k)) {
        r.add('SEC-TLS', index('data', k), 'Required value');
      }
    }
  } else if (type === 'kubernetes.io/service-account-token') {
    if ((str(obj(obj(m.metadata).annotations)['kubernetes.io/service-account.name']) ?? '') === '') {
      r.add('SEC-SA-TOKEN', 'metadata.annotations[kubernetes.io/service-account.name]', 'Required value');
    }
  }
}

function configMap(r: DocReporter, m: any): void {
  const data = obj(m.data);
  const binary = obj(m.binaryData);
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const e of cached(configMapKeyErrors, 'k', k)) {
      r.add('CM-KEY-FORMAT', index('data', k), `Invalid value: ${q(k)}: ${e}`);
    }
    if (hasOwn(binary, k)) {
      r.add('CM-KEY-DUP', index('data', k), `Invalid value: ${q(k)}: duplicate of key present in binaryData`);
    }
    size += typeof v === 'string' ? Buffer.byteLength(v) : 0;
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const e of cached(configMapKeyErrors, 'k', k)) {
      r.add('CM-KEY-FORMAT', index('binaryData', k), `Invalid value: ${q(k)}: ${e}`);
    }
    size += typeof v === 'string' ? decodedBytes(v).length : 0;
  }
  if (size > MAX_SECRET_SIZE) {
    r.add('CM-SIZE', '', `Too long: must have at most ${MAX_SECRET_SIZE} bytes`);
  }
}

// ---------------------------------------------------------------------------------------------
// A.11 Service

function service(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  const type = str(spec.type) ?? 'ClusterIP';
  const ports = arr(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') {
    r.add('SVC-PORTS-REQUIRED', 'spec.ports', 'Required value');
  }
  const names = new Set<string>();
  const portKeys = new Set<string>();
  const nodePortKeys = new Set<string>();
  ports.forEach((port, i) => {
    if (!isObj(port)) {
      return;
    }
    const pp = index('spec.ports', i);
    const name = str(port.name) ?? '';
    if (ports.length > 1 && name === '') {
      r.add('SVC-PORT-NAME-REQUIRED', child(pp, 'name'), 'Required value');
    } else if (name !== '') {
      for (const e of cached(dns1123LabelErrors, 'l', name)) {
        r.add('SVC-PORT-NAME', child(pp, 'name'), `Invalid value: ${q(name)}: ${e}`);
      }
      if (names.has(name)) {
        r.add('SVC-PORT-NAME', child(pp, 'name'), `Duplicate value: ${q(name)}`);
      }
      names.add(name);
    }
    const num = int(port.port);
    if (num !== undefined) {
      for (const e of portNumberErrors(num)) {
        r.add('SVC-PORT-NUMBER', child(pp, 'port'), `Invalid value: ${num}: ${e}`);
      }
    }
    const tp = port.targetPort;
    if (typeof tp === 'number') {
      for (const e of portNumberErrors(tp)) {
        r.add('SVC-TARGETPORT', child(pp, 'targetPort'), `Invalid value: ${tp}: ${e}`);
      }
    } else if (typeof tp === 'string' && !/^[0-9]+$/.test(tp)) {
      for (const e of cached(portNameErrors, 'p', tp)) {
        r.add('SVC-TARGETPORT', child(pp, 'targetPort'), `Invalid value: ${q(tp)}: ${e}`);
      }
    }
    const protocol = str(port.protocol) ?? 'TCP';
    if (num !== undefined) {
      const key = `${protocol}/${num}`;
      if (portKeys.has(key)) {
        r.add('SVC-PORT-DUP', pp, `Duplicate value: ${JSON.stringify({ port: num, protocol })}`);
      }
      portKeys.add(key);
    }
    const np = int(port.nodePort);
    if (np !== undefined && np !== 0) {
      if (type === 'ClusterIP') {
        r.add('SVC-NODEPORT-CLUSTERIP', child(pp, 'nodePort'), 'Forbidden: may not be used when `type` is \'ClusterIP\'');
      } else {
        const key = `${protocol}/${np}`;
        if (nodePortKeys.has(key)) {
          r.add('SVC-NODEPORT-DUP', child(pp, 'nodePort'), `Duplicate value: ${JSON.stringify({ nodePort: np, protocol })}`);
        }
        nodePortKeys.add(key);
        for (const e of nodePortErrors(np)) {
          r.add('SVC-NODEPORT-RANGE', child(pp, 'nodePort'), `Invalid value: ${np}: ${e}`);
        }
      }
    }
    if (type === 'LoadBalancer' && num === 10250) {
      r.add('SVC-LB-KUBELET-PORT', pp, `Invalid value: ${JSON.stringify({ port: num, protocol })}: may not expose port 10250 externally since it is used by kubelet`);
    }
  });
  labels(r, spec.selector, 'spec.selector', 'SVC-SELECTOR-LABELS', 'SVC-SELECTOR-LABELS');
  sessionAffinity(r, spec);
  if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== null && (type === 'ClusterIP' || type === 'ExternalName')) {
    r.add('SVC-EXTERNALTRAFFICPOLICY', 'spec.externalTrafficPolicy',
      `Invalid value: ${q(spec.externalTrafficPolicy)}: may only be set when \`type\` is 'NodePort' or 'LoadBalancer'`);
  }
}

/** `MaxClientIPServiceAffinitySeconds`. */
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

/**
 * `ValidateService` / `validateAffinityTimeout` after `SetDefaults_Service`: with sessionAffinity
 * None (or unset) defaulting drops sessionAffinityConfig, so the validator's Forbidden never fires
 * for v1 input (lint warning instead); with ClientIP a missing timeout is defaulted to 10800, a
 * given one must be 1..86400.
 */
function sessionAffinity(r: DocReporter, spec: Record<string, any>): void {
  const affinity = spec.sessionAffinity ?? 'None';
  const config = spec.sessionAffinityConfig;
  if ((affinity === 'None' || affinity === '') && config !== undefined && config !== null) {
    r.add('LINT-SESSIONAFFINITY-IGNORED', 'spec.sessionAffinityConfig',
      'sessionAffinityConfig is ignored: sessionAffinity is None, and the API server drops the config',
      'set sessionAffinity: ClientIP to make connections sticky, or remove sessionAffinityConfig');
  }
  if (affinity !== 'ClientIP') {
    return;
  }
  const timeout = obj(obj(config).clientIP).timeoutSeconds;
  if (typeof timeout === 'number' && Number.isInteger(timeout) && (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS)) {
    r.add('SVC-SESSIONAFFINITY', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
      `Invalid value: ${timeout}: must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
      `use 1..${MAX_CLIENT_IP_AFFINITY_SECONDS} seconds, or omit it for the default 10800`);
  }
}

// ---------------------------------------------------------------------------------------------

/** Counts the findings recorded so far (to know whether a volume had errors). */
export interface RawCounter {
  count(): number;
  /** True when every finding recorded since `mark` is a lint finding. */
  onlyLintSince(mark: number): boolean;
}

/** Runs every API-server rule that applies to `m`'s kind. */
export function validateApiRules(r: DocReporter, m: any, counter: RawCounter): void {
  metadata(r, m);
  switch (m.kind) {
    case 'Pod':
      if (isObj(m.spec)) {
        podSpec(r, m.spec, 'spec', true, counter);
      }
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      workload(r, m, counter);
      break;
    case 'PersistentVolume':
      persistentVolume(r, m);
      break;
    case 'PersistentVolumeClaim':
      persistentVolumeClaim(r, m);
      break;
    case 'StorageClass':
      storageClass(r, m);
      break;
    case 'Secret':
      secret(r, m);
      break;
    case 'ConfigMap':
      configMap(r, m);
      break;
    case 'Service':
      service(r, m);
      break;
    default:
      break;
  }
}
