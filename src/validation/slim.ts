/**
 * Slim records for the cross-object layer: after an object's own checks, the CLI keeps only the
 * fields the cross-object rules (rules/set-index.ts, binding.ts, references.ts, scheduling.ts'
 * set check) and the report (kind, name, namespace, secret redaction) read, so memory does not
 * grow with what is not needed. The cross-object rules give the same findings on slim records as
 * on the full objects (test/validation/slim.test.ts checks it on the corpus and on fuzz inputs).
 *
 * Every string of a slim record is a fresh copy: a value parsed from a file is a slice of the
 * file's text, and one slice kept alive keeps the whole text alive. Not part of the jsii API.
 */
import { shellWithoutDashC } from '../private/shell';
import { isObj } from './core/json';
import { secretValuesOf } from './secret-values';

/** What to keep of a value: all of it (`true`), some keys of a map, or every item of a list by a spec. */
type Spec = true | { readonly [key: string]: Spec } | { readonly items: Spec; readonly list: true };

const ALL = true;
const list = (items: Spec): Spec => ({ items, list: true });

/** The fields of a container the cross-object rules read (shell scripts, mounts, env refs, image, ports). */
const CONTAINER: Spec = {
  command: ALL,
  args: ALL,
  image: ALL,
  ports: ALL,
  envFrom: ALL,
  volumeMounts: list({ name: ALL, subPath: ALL }),
  env: list({ valueFrom: { configMapKeyRef: ALL, secretKeyRef: ALL } }),
};

/** The fields of a pod spec the cross-object rules read. */
const POD_SPEC: Spec = {
  volumes: list({ name: ALL, persistentVolumeClaim: ALL, configMap: ALL, secret: ALL }),
  containers: list(CONTAINER),
  initContainers: list(CONTAINER),
  imagePullSecrets: ALL,
  serviceAccountName: ALL,
};

/** A map whose keys are read but not its values (a ConfigMap's data). */
const KEYS: Spec = { keysOnly: true } as unknown as Spec;

const METADATA: Spec = { name: ALL, namespace: ALL, labels: ALL };
const TEMPLATE: Spec = { metadata: { labels: ALL }, spec: POD_SPEC };

/** Kinds kept whole: few per set, and read field by field by the binder's rules or by the CRD index. */
const WHOLE_KINDS: ReadonlySet<string> = new Set(['PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', 'PriorityClass',
  'CustomResourceDefinition', 'Secret']);

/** What to keep of an object of `kind` (besides apiVersion, kind, Kind, metadata). */
function specFor(kind: unknown): { readonly [key: string]: Spec } {
  switch (kind) {
    case 'Pod':
      return { spec: POD_SPEC };
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'Job':
    case 'ReplicationController':
      return { spec: { template: TEMPLATE } };
    case 'StatefulSet':
      return { spec: { template: TEMPLATE, volumeClaimTemplates: list({ metadata: { name: ALL } }) } };
    case 'CronJob':
      return { spec: { jobTemplate: { spec: { template: TEMPLATE } } } };
    case 'Service':
      return { spec: { selector: ALL, type: ALL, ports: ALL } };
    case 'ConfigMap':
      return { data: KEYS, binaryData: KEYS };
    default:
      return {};
  }
}

/** Objects deeper than this are kept as they are (no copy): a slim record never recurses without bound. */
const MAX_DEPTH = 1000;

/** A copy of `s` that shares no memory with the text it was sliced from. */
function freshString(s: string): string {
  // V8 keeps a slice of 13 characters or more as a view of its parent; a short one is a copy already
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = value;
  }
}

/** A deep copy of a JSON value with fresh strings. */
function copy(v: unknown, depth: number): unknown {
  if (typeof v === 'string') {
    return freshString(v);
  }
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) {
    return v;
  }
  if (Array.isArray(v)) {
    return v.map((x) => copy(x, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    setOwn(out, freshString(k), copy((v as any)[k], depth + 1));
  }
  return out;
}

/** The parts of `v` that `spec` keeps (a value that is not the shape the spec expects is kept whole). */
function project(v: unknown, spec: Spec, depth: number): unknown {
  if (spec === ALL || v === null || typeof v !== 'object' || depth > MAX_DEPTH) {
    return copy(v, depth);
  }
  if ((spec as any).keysOnly === true) {
    if (!isObj(v)) {
      return copy(v, depth);
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      setOwn(out, freshString(k), '');
    }
    return out;
  }
  if ((spec as any).list === true) {
    return Array.isArray(v) ? v.map((x) => project(x, (spec as any).items, depth + 1)) : copy(v, depth);
  }
  if (!isObj(v)) {
    return copy(v, depth);
  }
  const keys = spec as { readonly [key: string]: Spec };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    if (Object.prototype.hasOwnProperty.call(keys, k)) {
      setOwn(out, k, project(v[k], keys[k], depth + 1));
    }
  }
  return out;
}

/**
 * The slim record of a decoded document: what the cross-object layer and the report read of it.
 * Values that are not objects are kept as they are (copied).
 */
export function slimManifest(m: unknown): unknown {
  if (!isObj(m)) {
    return copy(m, 0);
  }
  if (typeof m.kind === 'string' && WHOLE_KINDS.has(m.kind)) {
    return copy(m, 0);
  }
  const top: { [key: string]: Spec } = { apiVersion: ALL, kind: ALL, Kind: ALL, metadata: METADATA, ...specFor(m.kind) };
  if (secretValuesOf(m).length > 0) {
    // messages about this object are redacted with these values
    top.data = ALL;
    top.stringData = ALL;
  }
  const slim = project(m, top, 0) as Record<string, any>;
  pruneObject(slim);
  return slim;
}

/** Where a slim record holds its pod spec, as the cross-object rules look for it (core/kinds.ts locatePodSpec). */
function podSpecSlot(slim: Record<string, any>): Record<string, any> | undefined {
  const tpl = slim.kind === 'Pod' ? slim : slim.kind === 'CronJob' ? slim.spec?.jobTemplate?.spec?.template : slim.spec?.template;
  return isObj(tpl) && isObj(tpl.spec) ? tpl : undefined;
}

const strings = (v: unknown): string[] | undefined =>
  (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined);

/**
 * Drops from a slim record what the cross-object rules read but cannot report on (exactly as
 * references.ts reads it): a container's command and args when the shell rule has nothing to say
 * about them, its image when the pod names no pull secret, its env and volumeMounts when none
 * refers to a ConfigMap or Secret key or has a subPath, the pod's volumes when none is a claim, a
 * ConfigMap or a Secret.
 */
function pruneObject(slim: Record<string, any>): void {
  const holder = podSpecSlot(slim);
  if (holder) {
    const spec = holder.spec;
    const pullSecrets = Array.isArray(spec.imagePullSecrets) && spec.imagePullSecrets.length > 0;
    for (const field of ['containers', 'initContainers']) {
      if (!Array.isArray(spec[field])) {
        continue;
      }
      spec[field] = spec[field].map((c: unknown) => {
        if (!isObj(c)) {
          return c;
        }
        const drop = new Set<string>();
        const cmd = strings(c.command);
        const args = strings(c.args);
        if (!(cmd || args) || shellWithoutDashC(cmd, args) === undefined) {
          drop.add('command').add('args');
        }
        if (!pullSecrets) {
          drop.add('image');
        }
        if (Array.isArray(c.env) && !c.env.some((e: unknown) => isObj(e) && isObj(e.valueFrom)
          && (isObj(e.valueFrom.configMapKeyRef) || isObj(e.valueFrom.secretKeyRef)))) {
          drop.add('env');
        }
        if (Array.isArray(c.volumeMounts) && !c.volumeMounts.some((v: unknown) => isObj(v) && typeof v.subPath === 'string' && v.subPath !== '')) {
          drop.add('volumeMounts');
        }
        return without(c, drop);
      });
    }
    if (Array.isArray(spec.volumes) && !spec.volumes.some((v: unknown) => isObj(v)
      && (v.persistentVolumeClaim !== undefined || v.configMap !== undefined || v.secret !== undefined))) {
      holder.spec = without(spec, new Set(['volumes']));
    }
  }
}

/** `o` without `keys` (a new object: deleting properties would make V8 keep it as a larger dictionary). */
function without(o: Record<string, any>, keys: ReadonlySet<string>): Record<string, any> {
  if (![...keys].some((k) => Object.prototype.hasOwnProperty.call(o, k))) {
    return o;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    if (!keys.has(k)) {
      setOwn(out, k, o[k]);
    }
  }
  return out;
}

/** A deep copy of a JSON value whose strings share no memory with the text they were parsed from. */
export function freshCopy(v: unknown): unknown {
  return copy(v, 0);
}
