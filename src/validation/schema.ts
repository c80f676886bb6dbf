/**
 * Layer 1: strict structural validation against the Kubernetes 1.27.1 OpenAPI schemas that
 * `kubernetes-models@4.3.1` ships as plain JSON-Schema objects (`_schemas/*.js`).
 *
 * Why not Ajv: measured on this machine, requiring Ajv costs ~140 ms, adding the ~110 schemas a
 * Pod needs ~130 ms and compiling the Pod validator ~640 ms, i.e. about a second before the first
 * object is checked. The schemas use only `type`, `nullable`, `$ref`, three fixed `oneOf` shapes
 * (nullable ref, Quantity, IntOrString), `properties`, `additionalProperties`, `items`,
 * `required`, `format` and `enum`, so a small interpreter over them validates a Pod in a few
 * microseconds with no compile step, and it reports our field paths (`data[key]`,
 * `spec.containers[0].name`) directly.
 *
 * Strictness (validation-rules.md D): every object schema with `properties` and no own
 * `additionalProperties` is closed, so unknown fields (typos, 1.28+ fields such as `restartPolicy`
 * on an init container) are reported as `strict decoding error: unknown field "<path>"`, as a
 * 1.27 API server does with kubectl's default strict field validation.
 *
 * `null` is accepted for every field (Go's JSON decoder ignores nulls); a required field that is
 * null counts as missing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DocReporter, q } from './report';

// ---------------------------------------------------------------------------------------------
// Loading the kubernetes-models schema modules without their Ajv instance

let kmDirCache: string | undefined;
let amDirCache: string | undefined;

function kmDir(): string {
  if (!kmDirCache) {
    kmDirCache = path.dirname(require.resolve('kubernetes-models'));
  }
  return kmDirCache;
}

function amDir(): string {
  if (!amDirCache) {
    amDirCache = path.dirname(require.resolve('@kubernetes-models/apimachinery/package.json', { paths: [kmDir()] }));
  }
  return amDirCache;
}

const AM_PREFIX = '@kubernetes-models/apimachinery/';
const rawSchemas = new Map<string, any>();
const loadedModules = new Map<string, { exports: any }>();
const collector = { register: (id: string, schema: any) => { rawSchemas.set(id, schema); } };

/**
 * Loads one `_schemas/*.js` module (CommonJS) with a private `require`: the module's import of
 * `@kubernetes-models/validate` gets our collector, so its schema (and those of its
 * dependencies) land in `rawSchemas` without loading Ajv, and nothing global changes.
 */
function loadSchemaModule(file: string): any {
  const existing = loadedModules.get(file);
  if (existing) {
    return existing.exports;
  }
  const mod = { exports: {} as any };
  loadedModules.set(file, mod);
  const dir = path.dirname(file);
  const localRequire = (spec: string): any => {
    if (spec === '@kubernetes-models/validate') {
      return collector;
    }
    const withJs = spec.endsWith('.js') ? spec : `${spec}.js`;
    if (spec.startsWith('./')) {
      return loadSchemaModule(path.resolve(dir, withJs));
    }
    if (spec.startsWith(AM_PREFIX)) {
      return loadSchemaModule(path.join(amDir(), withJs.slice(AM_PREFIX.length)));
    }
    throw new Error(`unexpected import '${spec}' in ${file}`);
  };
  const source = fs.readFileSync(file, 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('exports', 'require', 'module', source)(mod.exports, localRequire, mod);
  return mod.exports;
}

/**
 * The built-in group/versions a 1.27 API server serves by default (GA plus the beta APIs that are
 * on by default). kubernetes-models also ships schemas of versions removed long ago
 * (`extensions/v1beta1` Deployments, `batch/v1beta1` CronJobs...), which 1.27 rejects with
 * `no matches for kind "<Kind>" in version "<apiVersion>"`.
 */
const SERVED_1_27 = new Set(['v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'autoscaling/v2', 'policy/v1', 'networking.k8s.io/v1',
  'storage.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1',
  'events.k8s.io/v1', 'node.k8s.io/v1', 'certificates.k8s.io/v1', 'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1', 'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3']);

/** Where common kinds live in 1.27 (for the fix hint of a removed apiVersion). */
const CURRENT_VERSION: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  CronJob: 'batch/v1',
  Job: 'batch/v1',
  Ingress: 'networking.k8s.io/v1',
  IngressClass: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  StorageClass: 'storage.k8s.io/v1',
  CSIDriver: 'storage.k8s.io/v1',
  PriorityClass: 'scheduling.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  CustomResourceDefinition: 'apiextensions.k8s.io/v1',
  EndpointSlice: 'discovery.k8s.io/v1',
  RuntimeClass: 'node.k8s.io/v1',
};

/** True for an apiVersion of a built-in (not custom) API group. */
export function isBuiltInGroup(apiVersion: string): boolean {
  const parts = apiVersion.split('/');
  return parts.length === 1 || !parts[0].includes('.') || parts[0].endsWith('.k8s.io');
}

/**
 * For a built-in group/version that a 1.27 API server does not serve: the kubectl error and a fix.
 * Undefined when the version is served (or the group is a custom one).
 */
export function removedApiVersion(apiVersion: string, kind: string): { message: string; fix: string } | undefined {
  if (SERVED_1_27.has(apiVersion) || !isBuiltInGroup(apiVersion)) {
    return undefined;
  }
  const current = CURRENT_VERSION[kind];
  return {
    message: `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}: Kubernetes 1.27 does not serve ${apiVersion}`,
    fix: current ? `use apiVersion: ${current}` : 'use an apiVersion that Kubernetes 1.27 serves (kubectl api-versions)',
  };
}

/** Schema id and module file of a top-level kind, or undefined for kinds kubernetes-models does not have. */
export function schemaIdFor(apiVersion: string, kind: string): { id: string; file: string } | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    return undefined;
  }
  const parts = apiVersion.split('/');
  let group: string;
  let version: string;
  if (parts.length === 1) {
    group = 'core';
    version = parts[0];
  } else if (parts.length === 2) {
    const g = parts[0];
    if (g.includes('.') && !g.endsWith('.k8s.io')) {
      return undefined;
    }
    group = g.split('.')[0];
    version = parts[1];
  } else {
    return undefined;
  }
  if (!/^v[0-9]+((alpha|beta)[0-9]+)?$/.test(version) || !/^[a-z]+$/.test(group)) {
    return undefined;
  }
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const file = path.join(kmDir(), '_schemas', `IoK8sApi${cap(group)}${cap(version)}${kind}.js`);
  return { id: `io.k8s.api.${group}.${version}.${kind}`, file };
}

// ---------------------------------------------------------------------------------------------
// Compiled schema nodes

interface SNode {
  /** Allowed JSON types (undefined: any). */
  readonly types?: readonly string[];
  readonly format?: string;
  readonly enumValues?: readonly string[];
  /** Properties (a Map: schemas such as PodSpec have dozens, too many for a fast plain object). */
  readonly props?: Map<string, SNode>;
  /** Schema of map values; `false` closes the object; undefined allows anything. */
  readonly additional?: SNode | false;
  readonly items?: SNode;
  readonly required?: readonly string[];
  readonly special?: 'quantity' | 'intOrString';
  readonly ref?: string;
  /** The node `ref` points to, once resolved. */
  resolved?: SNode;
}

const compiled = new Map<string, SNode>();

function compileRef(id: string): SNode {
  let node = compiled.get(id);
  if (!node) {
    const raw = rawSchemas.get(id);
    if (!raw) {
      throw new Error(`validator bug: schema '${id}' was not loaded`);
    }
    node = compile(raw);
    compiled.set(id, node);
  }
  return node;
}

function compile(raw: any): SNode {
  if (raw.$ref) {
    return { ref: String(raw.$ref).replace(/#$/, '') };
  }
  if (Array.isArray(raw.oneOf)) {
    const [a, b] = raw.oneOf;
    if (b && b.type === 'null') {
      return compile(a);
    }
    if (a?.type === 'number' && b?.format === 'quantity') {
      return { special: 'quantity' };
    }
    if (a?.type === 'string' && b?.type === 'integer') {
      return { special: 'intOrString' };
    }
    throw new Error(`validator bug: unexpected oneOf ${JSON.stringify(raw.oneOf)}`);
  }
  const types = raw.type === undefined ? undefined : Array.isArray(raw.type) ? raw.type : [raw.type];
  let props: Map<string, SNode> | undefined;
  if (raw.properties) {
    props = new Map();
    for (const [k, v] of Object.entries(raw.properties)) {
      props.set(k, compile(v));
    }
  }
  let additional: SNode | false | undefined;
  if (raw.additionalProperties && typeof raw.additionalProperties === 'object') {
    additional = compile(raw.additionalProperties);
  } else if (raw.additionalProperties === false || (props && raw.additionalProperties === undefined)) {
    additional = false;
  }
  return {
    types,
    format: raw.format,
    enumValues: Array.isArray(raw.enum) ? raw.enum : undefined,
    props,
    additional,
    items: raw.items ? compile(raw.items) : undefined,
    required: Array.isArray(raw.required) ? raw.required : undefined,
  };
}

function deref(node: SNode): SNode {
  if (!node.ref) {
    return node;
  }
  if (!node.resolved) {
    let n = node;
    while (n.ref) {
      n = compileRef(n.ref);
    }
    node.resolved = n;
  }
  return node.resolved;
}

/** The root node of a kind's schema (loading its module on first use), or undefined. */
const ROOTS = new Map<string, SNode | null>();

export function rootSchema(apiVersion: string, kind: string): SNode | undefined {
  const key = `${apiVersion}\u0000${kind}`;
  let root = ROOTS.get(key);
  if (root === undefined) {
    root = loadRoot(apiVersion, kind) ?? null;
    ROOTS.set(key, root);
  }
  return root ?? undefined;
}

function loadRoot(apiVersion: string, kind: string): SNode | undefined {
  const target = schemaIdFor(apiVersion, kind);
  if (!target) {
    return undefined;
  }
  if (!rawSchemas.has(target.id)) {
    if (!fs.existsSync(target.file)) {
      return undefined;
    }
    loadSchemaModule(target.file).addSchema();
  }
  return rawSchemas.has(target.id) ? compileRef(target.id) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Validation

/** apimachinery's message for an unparsable quantity. */
export const QUANTITY_FORMAT_MESSAGE = 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'';
const QUANTITY_RE = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** True when `text` is a Kubernetes quantity (`resource.ParseQuantity` accepts it). */
export function isQuantity(text: string): boolean {
  return QUANTITY_RE.test(text);
}

/** True when `text` is standard base64 (what Go's `[]byte` JSON decoding accepts). */
export function isBase64(text: string): boolean {
  return BASE64_RE.test(text.replace(/[\r\n]/g, ''));
}

/** Go's error for bad base64: the offset of the first byte it cannot decode. */
function base64ErrorOffset(text: string): number {
  const bad = /[^A-Za-z0-9+/=\r\n]/.exec(text);
  if (bad) {
    return bad.index;
  }
  const eq = text.indexOf('=');
  if (eq >= 0 && eq < text.length - 2) {
    return eq;
  }
  return Math.max(0, text.length - (text.length % 4 || 4));
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) {
    return 'array';
  }
  if (v === null) {
    return 'null';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? 'integer' : 'number';
  }
  return typeof v;
}

function goType(node: SNode): string {
  if (node.special === 'quantity') {
    return 'resource.Quantity';
  }
  if (node.special === 'intOrString') {
    return 'intstr.IntOrString';
  }
  const t = node.types?.[0];
  switch (t) {
    case 'integer': return node.format === 'int64' ? 'int64' : 'int32';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'array': return 'array';
    case 'object': return node.props ? 'struct' : 'map';
    default: return t ?? 'value';
  }
}

function typeOk(types: readonly string[], v: unknown): boolean {
  const t = jsonType(v);
  for (const want of types) {
    if (want === t || (want === 'number' && t === 'integer')) {
      return true;
    }
  }
  return false;
}

/** Enum fields that are catalog rules of their own (rule id and the API server's list order). */
const ENUM_RULES: Record<string, { rule: string; values?: string[] }> = {
  imagePullPolicy: { rule: 'CTR-PULLPOLICY-ENUM' },
  terminationMessagePolicy: { rule: 'CTR-TERMMSG-POLICY' },
  restartPolicy: { rule: 'POD-RESTARTPOLICY-ENUM', values: ['Always', 'OnFailure', 'Never'] },
  dnsPolicy: { rule: 'POD-DNSPOLICY-ENUM', values: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] },
  persistentVolumeReclaimPolicy: { rule: 'PV-RECLAIM-ENUM' },
  volumeBindingMode: { rule: 'SC-BINDINGMODE-ENUM' },
  mountPropagation: { rule: 'MNT-PROPAGATION' },
  sessionAffinity: { rule: 'SVC-SESSIONAFFINITY' },
};

function enumRule(kind: string, p: string): { rule: string; values?: string[] } {
  const last = p.slice(p.lastIndexOf('.') + 1);
  if (last === 'protocol') {
    return { rule: kind === 'Service' ? 'SVC-PORT-PROTOCOL' : 'CTR-PORT-PROTOCOL' };
  }
  if (last === 'type') {
    if (p.endsWith('hostPath.type')) {
      return { rule: 'VOL-HOSTPATH-TYPE' };
    }
    if (kind === 'Service' && p === 'spec.type') {
      return { rule: 'SVC-TYPE-ENUM' };
    }
    if (p.endsWith('strategy.type') || p.endsWith('updateStrategy.type')) {
      return { rule: 'DEP-STRATEGY' };
    }
  }
  if (last === 'volumeMode') {
    return { rule: kind === 'PersistentVolume' ? 'PV-VOLUMEMODE' : 'PVC-VOLUMEMODE' };
  }
  if (last === 'reclaimPolicy' && kind === 'StorageClass') {
    return { rule: 'SC-RECLAIM-ENUM', values: ['Delete', 'Retain'] };
  }
  return ENUM_RULES[last] ?? { rule: 'SCHEMA-ENUM' };
}

/** Schema-required fields that have a catalog rule of their own. */
function requiredRule(kind: string, p: string): string {
  const last = p.slice(p.lastIndexOf('.') + 1);
  if (/containers\[\d+\]\.name$/i.test(p)) {
    return 'CTR-NAME-REQUIRED';
  }
  if (/volumes\[\d+\]\.name$/.test(p)) {
    return 'VOL-NAME-REQUIRED';
  }
  if (/volumeMounts\[\d+\]\.name$/.test(p)) {
    return 'MNT-NAME-REQUIRED';
  }
  if (/volumeMounts\[\d+\]\.mountPath$/.test(p)) {
    return 'MNT-PATH-REQUIRED';
  }
  if (/ports\[\d+\]\.containerPort$/.test(p)) {
    return 'CTR-PORT-NUMBER';
  }
  if (/env\[\d+\]\.name$/.test(p)) {
    return 'CTR-ENV-NAME';
  }
  if (/(configMapKeyRef|secretKeyRef)\.key$/.test(p)) {
    return 'CTR-ENV-KEYREF';
  }
  if (p.endsWith('nfs.server')) {
    return kind === 'PersistentVolume' ? 'PV-NFS' : 'VOL-NFS-SERVER';
  }
  if (p.endsWith('nfs.path')) {
    return kind === 'PersistentVolume' ? 'PV-NFS' : 'VOL-NFS-PATH';
  }
  if (p.endsWith('hostPath.path')) {
    return kind === 'PersistentVolume' ? 'PV-HOSTPATH' : 'VOL-HOSTPATH-PATH';
  }
  if (p.endsWith('persistentVolumeClaim.claimName')) {
    return 'VOL-PVC-CLAIMNAME';
  }
  if (/items\[\d+\]\.(key|path)$/.test(p)) {
    return last === 'key' ? 'VOL-ITEM-KEY' : 'VOL-ITEM-PATH';
  }
  if (p === 'spec.containers' || p.endsWith('spec.containers')) {
    return 'POD-CONTAINERS-REQUIRED';
  }
  if (p === 'spec.selector' && kind !== 'Service') {
    return 'DEP-SELECTOR-REQUIRED';
  }
  if (p === 'provisioner') {
    return 'SC-PROVISIONER';
  }
  if (p === 'spec.template' && kind !== 'Service') {
    return 'DEP-TEMPLATE-REQUIRED';
  }
  if (kind === 'Service' && /^spec\.ports\[\d+\]\.port$/.test(p)) {
    return 'SVC-PORT-NUMBER';
  }
  if (/(httpGet|tcpSocket|grpc)\.port$/.test(p)) {
    return 'CTR-HTTPGET';
  }
  if (kind === 'PersistentVolume' && p === 'spec.local.path') {
    return 'PV-LOCAL';
  }
  if (kind === 'PersistentVolume' && /^spec\.csi\.(driver|volumeHandle)$/.test(p)) {
    return 'PV-CSI';
  }
  // Go's decoder does not enforce the OpenAPI 'required' list; what the validation code enforces
  // has a rule id above. The rest (e.g. StatefulSet serviceName, accepted empty by 1.27) is a warning.
  return 'SCHEMA-REQUIRED';
}

const SIDECAR_FIX = 'restartPolicy on an init container (native sidecar) is a 1.28+ field; on 1.27 run the sidecar as a regular container';

/** Marks a path segment that is a map key (rendered `[key]`). */
const MAP_KEY = '\u0001';

class SchemaWalker {
  /**
   * The current path as a stack of segments (property name, array index, or MAP_KEY + key), so
   * no path string is built unless there is something to report.
   */
  private readonly segs: Array<string | number> = [];

  constructor(private readonly r: DocReporter, private readonly kind: string) {}

  public walk(node0: SNode, v: unknown): void {
    if (v === null || v === undefined) {
      return;
    }
    const node = deref(node0);
    if (node.special === 'quantity') {
      if (typeof v === 'string') {
        if (!isQuantity(v)) {
          this.r.add('SCHEMA-QUANTITY', this.path(), `Invalid value: ${q(v)}: ${QUANTITY_FORMAT_MESSAGE}`);
        }
      } else if (typeof v !== 'number') {
        this.typeError(node, v);
      }
      return;
    }
    if (node.special === 'intOrString') {
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) {
        this.typeError(node, v);
      }
      return;
    }
    if (node.types && !typeOk(node.types, v)) {
      this.typeError(node, v);
      return;
    }
    if (typeof v === 'string') {
      this.string(node, v);
      return;
    }
    if (typeof v === 'number') {
      if (node.format === 'int32' && (v < INT32_MIN || v > INT32_MAX)) {
        const p = this.path();
        this.r.add('SCHEMA-TYPE', p, `cannot unmarshal number ${v} into field ${q(p)} of type int32`);
      }
      return;
    }
    if (Array.isArray(v)) {
      if (node.items) {
        for (let i = 0; i < v.length; i++) {
          this.segs.push(i);
          this.walk(node.items, v[i]);
          this.segs.pop();
        }
      }
      return;
    }
    if (typeof v === 'object') {
      this.object(node, v as Record<string, unknown>);
    }
  }

  /** The current path: `spec.containers[0].name`, `data[key]`. */
  private path(extra?: string): string {
    let out = '';
    for (const s of extra === undefined ? this.segs : [...this.segs, extra]) {
      if (typeof s === 'number') {
        out += `[${s}]`;
      } else if (s.charAt(0) === MAP_KEY) {
        out += `[${s.slice(1)}]`;
      } else {
        out = out === '' ? s : `${out}.${s}`;
      }
    }
    return out;
  }

  private string(node: SNode, v: string): void {
    if (node.enumValues && !node.enumValues.includes(v)) {
      const p = this.path();
      const er = enumRule(this.kind, p);
      const values = er.values ?? [...node.enumValues].sort();
      this.r.add(er.rule, p, `Unsupported value: ${q(v)}: supported values: ${values.map((x) => q(x)).join(', ')}`);
    }
    if (node.format === 'byte' && !isBase64(v)) {
      const rule = this.kind === 'Secret' ? 'SEC-DATA-BASE64' : 'SCHEMA-BASE64';
      this.r.add(rule, this.path(), `illegal base64 data at input byte ${base64ErrorOffset(v)}`);
    }
  }

  private object(node: SNode, v: Record<string, unknown>): void {
    const props = node.props;
    for (const key of Object.keys(v)) {
      if (v[key] === undefined) {
        continue; // absent once serialized
      }
      const sub = props?.get(key);
      if (sub) {
        this.segs.push(key);
        this.walk(sub, v[key]);
        this.segs.pop();
      } else if (node.additional === false) {
        const fp = this.path(key);
        const last = this.segs[this.segs.length - 2];
        const fix = key === 'restartPolicy' && last === 'initContainers' ? SIDECAR_FIX : undefined;
        this.r.add('SCHEMA-UNKNOWN-FIELD', fp, `strict decoding error: unknown field ${q(fp)}`, fix);
      } else if (node.additional) {
        this.segs.push(MAP_KEY + key);
        this.walk(node.additional, v[key]);
        this.segs.pop();
      }
    }
    if (node.required) {
      for (const key of node.required) {
        if (v[key] === undefined || v[key] === null) {
          const fp = this.path(key);
          this.r.add(requiredRule(this.kind, fp), fp, 'Required value');
        }
      }
    }
  }

  private typeError(node: SNode, v: unknown): void {
    const p = this.path();
    this.r.add('SCHEMA-TYPE', p, `cannot unmarshal ${jsonType(v)} into field ${q(p)} of type ${goType(node)}`);
  }
}

/**
 * Validates one document against its kind's 1.27 schema. Returns false when there is no schema
 * for the kind (custom resources, removed API versions).
 */
export function validateSchema(r: DocReporter, manifest: any): boolean {
  const root = rootSchema(manifest.apiVersion, manifest.kind);
  if (!root) {
    return false;
  }
  new SchemaWalker(r, manifest.kind).walk(root, manifest);
  return true;
}
