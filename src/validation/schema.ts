/**
 * Layer 1: strict structural validation against the Kubernetes 1.27.1 OpenAPI schemas that
 * `kubernetes-models@4.3.1` ships as plain JSON-Schema objects (`_schemas/*.js`), validated by Ajv.
 *
 * The schema modules are loaded with a private collector (not kubernetes-models' own Ajv instance)
 * and rewritten once into the JSON Schema our checks need (`strictify`):
 *  - strict (validation-rules.md D): every object schema with `properties` and no own
 *    `additionalProperties` is closed, so unknown fields (typos, 1.28+ fields such as
 *    `restartPolicy` on an init container) are reported as
 *    `strict decoding error: unknown field "<path>"`, as a 1.27 API server does with kubectl's
 *    default strict field validation;
 *  - `null` is accepted for every field that is not required (Go's JSON decoder ignores nulls); a
 *    required field that is null counts as missing;
 *  - the three `oneOf` shapes become plain types (nullable ref, Quantity = number or string in
 *    `quantity` format, IntOrString = string or integer), so Ajv reports one error per defect;
 *  - only the formats the decoder checks are kept: `int32` (range), `byte` (base64), `quantity`.
 * Speed: compiling a Pod's schemas costs Ajv about 200 ms, so the build precompiles the validators
 * of every served top-level kind with Ajv's standalone code generation (`standaloneSource`, run by
 * `schema-codegen.ts` as a post-compile step) into `lib/validation/schemas.generated.js`, which is
 * loaded when present. Other kinds, and runs from `src` (tests, bench), compile lazily, once per
 * kind present in the input; validators are cached in-process.
 * Ajv's errors (`/spec/containers/0/name`) are mapped back onto our paths (`data[key]` for map
 * keys, `spec.containers[0].name`), rule ids and the API server's messages, in document order.
 */
import type { RuleId } from './rules/catalog';
import * as fs from 'fs';
import * as path from 'path';
import type { default as AjvType, ErrorObject, ValidateFunction } from 'ajv';
import { child, DocReporter, q } from './report';
import { byte, int32, quantity } from './schema-formats';

export { isBase64, isQuantity } from './schema-formats';

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
// kubernetes-models schemas → strict JSON Schema → Ajv validators

/** apimachinery's message for an unparsable quantity. */
export const QUANTITY_FORMAT_MESSAGE = 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'';

const FORMATS = { int32, byte, quantity };

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

function refId(ref: unknown): string {
  return String(ref).replace(/#$/, '');
}

/** The Quantity and IntOrString `oneOf` shapes (the third shape, `[X, null]`, is nullability). */
function specialOf(raw: any): 'quantity' | 'intOrString' {
  const [a, b] = raw.oneOf;
  if (a?.type === 'number' && b?.format === 'quantity') {
    return 'quantity';
  }
  if (a?.type === 'string' && b?.type === 'integer') {
    return 'intOrString';
  }
  throw new Error(`validator bug: unexpected oneOf ${JSON.stringify(raw.oneOf)}`);
}

function isNullableOneOf(raw: any): boolean {
  return Array.isArray(raw?.oneOf) && raw.oneOf[1]?.type === 'null';
}

const IS_NULL = { type: 'null' };

/**
 * A kubernetes-models schema as the JSON Schema Ajv compiles: closed objects, plain types for the
 * `oneOf` shapes, only the checked formats, nullability decided at each use site (a named
 * definition is registered with null allowed, see `orNull`).
 */
function strictify(raw: any): any {
  if (raw.$ref) {
    return { $ref: refId(raw.$ref) };
  }
  if (Array.isArray(raw.oneOf)) {
    if (isNullableOneOf(raw)) {
      return strictify(raw.oneOf[0]);
    }
    return specialOf(raw) === 'quantity' ? { type: ['number', 'string'], format: 'quantity' } : { type: ['string', 'integer'] };
  }
  const out: any = {};
  if (raw.type !== undefined) {
    out.type = Array.isArray(raw.type) ? [...raw.type] : [raw.type];
  }
  if (Object.prototype.hasOwnProperty.call(FORMATS, raw.format)) {
    out.format = raw.format;
  }
  if (Array.isArray(raw.enum) && out.type?.length === 1 && out.type[0] === 'string') {
    out.enum = [...raw.enum];
  }
  const required: string[] = Array.isArray(raw.required) ? raw.required : [];
  if (raw.properties) {
    out.properties = {};
    for (const [k, v] of Object.entries(raw.properties)) {
      out.properties[k] = useSite(v, !required.includes(k));
    }
  }
  if (raw.additionalProperties && typeof raw.additionalProperties === 'object') {
    out.additionalProperties = useSite(raw.additionalProperties, true);
  } else if (raw.additionalProperties === false || (raw.properties && raw.additionalProperties === undefined)) {
    out.additionalProperties = false;
  }
  if (raw.items) {
    out.items = useSite(raw.items, true);
  }
  if (required.length > 0) {
    out.required = [...required];
  }
  return out;
}

/**
 * The schema of a property, array item or map value: null is accepted unless the property is
 * required (then null is an error at that path, reported as `Required value`; next to a `$ref`,
 * whose target allows null, that takes a `not: {type: null}`).
 */
function useSite(raw: any, nullable: boolean): any {
  const s = strictify(raw);
  if (!nullable) {
    return s.type ? s : { ...s, not: IS_NULL };
  }
  return s.$ref ? s : orNull(s);
}

/** Adds null to the allowed values of a typed schema (an untyped one accepts null already). */
function orNull(s: any): any {
  if (s.type) {
    s.type.push('null');
    s.enum?.push(null);
  }
  return s;
}

/** A kind's schema id and module, and its validator. */
interface KindValidator {
  readonly target: { readonly id: string; readonly file: string };
  readonly validate: ValidateFunction;
}

/**
 * Ajv as this layer uses it: `allErrors` (report every defect), `strict: false` (the schemas carry
 * OpenAPI keywords Ajv does not know), no meta-schema validation and no code optimisation (both
 * only cost compile time here: same results, half the compile time).
 */
function newAjv(code: Record<string, unknown> = {}): AjvType {
  // required lazily: validation that never meets a built-in kind does not load Ajv
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv').default;
  return new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { optimize: false, ...code }, formats: FORMATS });
}

/** Loads the raw schemas of a kind and its dependencies; false when kubernetes-models has none. */
function loadRaw(target: { id: string; file: string }): boolean {
  if (!rawSchemas.has(target.id) && fs.existsSync(target.file)) {
    loadSchemaModule(target.file).addSchema();
  }
  return rawSchemas.has(target.id);
}

/** Adds the strict form of every loaded raw schema that `ajv` does not have yet. */
function addStrictSchemas(ajv: AjvType, added: Set<string>): void {
  for (const [id, raw] of rawSchemas) {
    if (!added.has(id)) {
      ajv.addSchema(orNull(strictify(raw)), id);
      added.add(id);
    }
  }
}

let runtimeAjv: AjvType | undefined;
const addedToRuntimeAjv = new Set<string>();
const validators = new Map<string, KindValidator | null>();

/** The build's precompiled validators (`schema-codegen.ts`), absent when running from `src`. */
const GENERATED_FILE = path.join(__dirname, 'schemas.generated.js');
let generated: Record<string, ValidateFunction> | null | undefined;

function precompiled(id: string): ValidateFunction | undefined {
  if (generated === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    generated = fs.existsSync(GENERATED_FILE) ? require(GENERATED_FILE) : null;
  }
  return generated?.[id];
}

/** The validator of a kind (precompiled, or compiled now and cached), or undefined. */
function validatorFor(apiVersion: string, kind: string): KindValidator | undefined {
  const key = `${apiVersion}\u0000${kind}`;
  let v = validators.get(key);
  if (v === undefined) {
    v = compileKind(apiVersion, kind) ?? null;
    validators.set(key, v);
  }
  return v ?? undefined;
}

function compileKind(apiVersion: string, kind: string): KindValidator | undefined {
  const target = schemaIdFor(apiVersion, kind);
  if (!target) {
    return undefined;
  }
  const pre = precompiled(target.id);
  if (pre) {
    return { target, validate: pre };
  }
  if (!loadRaw(target)) {
    return undefined;
  }
  runtimeAjv ??= newAjv();
  addStrictSchemas(runtimeAjv, addedToRuntimeAjv);
  return { target, validate: runtimeAjv.getSchema(target.id)! };
}

/** Schema ids of the top-level kinds a 1.27 API server serves (List kinds excluded). */
function servedKindIds(): string[] {
  const files = fs.readdirSync(path.join(kmDir(), '_schemas')).filter((f) => f.endsWith('.js'));
  const ids: string[] = [];
  for (const apiVersion of [...SERVED_1_27].sort()) {
    const prefix = path.basename(schemaIdFor(apiVersion, 'X')!.file).slice(0, -'X.js'.length);
    for (const f of files) {
      const kind = f.startsWith(prefix) ? f.slice(prefix.length, -'.js'.length) : '';
      const target = schemaIdFor(apiVersion, kind);
      if (target && !kind.endsWith('List') && loadRaw(target) && rawSchemas.get(target.id).properties?.kind) {
        ids.push(target.id);
      }
    }
  }
  return ids;
}

/**
 * Build step (`schema-codegen.ts`): the source of a CommonJS module exporting, by schema id, the
 * validator of every top-level kind that 1.27 serves, generated by Ajv's standalone code
 * generation, so the package loads code instead of compiling schemas. Kinds not in it (List
 * kinds) are compiled at runtime. `formatsModule`: what the module requires for the formats.
 */
export function standaloneSource(formatsModule: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { _ } = require('ajv');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const standaloneCode = require('ajv/dist/standalone').default;
  const ids = servedKindIds();
  const ajv = newAjv({ source: true, formats: _`require(${formatsModule})` });
  addStrictSchemas(ajv, new Set());
  return standaloneCode(ajv, Object.fromEntries(ids.map((id) => [id, id])));
}

// ---------------------------------------------------------------------------------------------
// Ajv errors → findings

/** The raw schema behind a `$ref` or a nullable `oneOf`. */
function resolveRaw(raw: any): any {
  let r = raw;
  for (;;) {
    if (r?.$ref) {
      r = rawSchemas.get(refId(r.$ref));
    } else if (isNullableOneOf(r)) {
      r = r.oneOf[0];
    } else {
      return r;
    }
  }
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

/** The Go type a value failed to decode into. */
function goType(raw: any): string {
  if (Array.isArray(raw?.oneOf)) {
    return specialOf(raw) === 'quantity' ? 'resource.Quantity' : 'intstr.IntOrString';
  }
  const t = Array.isArray(raw?.type) ? raw.type[0] : raw?.type;
  switch (t) {
    case 'integer': return raw.format === 'int64' ? 'int64' : 'int32';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'array': return 'array';
    case 'object': return raw.properties ? 'struct' : 'map';
    default: return t ?? 'value';
  }
}

/** Where an Ajv `instancePath` points: our path, the value, its raw schema, and its document order. */
interface Location {
  readonly path: string;
  readonly value: any;
  readonly node: any;
  /** Position of each segment among its parent's keys (array index for arrays). */
  readonly order: number[];
  readonly tokens: string[];
  readonly parent?: Location;
}

function locate(rootId: string, manifest: any, instancePath: string): Location {
  const tokens = instancePath === '' ? [] : instancePath.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let at: Location = { path: '', value: manifest, node: resolveRaw({ $ref: rootId }), order: [], tokens: [] };
  for (const t of tokens) {
    const { value, node } = at;
    let p: string;
    let sub: any;
    let pos: number;
    if (Array.isArray(value)) {
      p = `${at.path}[${t}]`;
      sub = node?.items;
      pos = Number(t);
    } else {
      const own = node?.properties && Object.prototype.hasOwnProperty.call(node.properties, t);
      p = own ? child(at.path, t) : `${at.path}[${t}]`;
      sub = own ? node.properties[t] : node?.additionalProperties;
      pos = Object.keys(value).indexOf(t);
    }
    at = { path: p, value: value[t], node: resolveRaw(sub), order: [...at.order, pos], tokens: [...at.tokens, t], parent: at };
  }
  return at;
}

interface Hit {
  readonly order: number[];
  readonly rule: RuleId;
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return a.length - b.length;
}

/** A required field at `at` (missing, or null): reported where the parent's required list is. */
function requiredHit(kind: string, parent: Location, key: string, p: string): Hit {
  const required: string[] = parent.node?.required ?? [];
  const order = [...parent.order, Object.keys(parent.value).length + required.indexOf(key)];
  return { order, rule: requiredRule(kind, p), path: p, message: 'Required value' };
}

/**
 * Turns Ajv's errors into our findings: one per defect (a type error hides the enum/format errors
 * of the same value; the `if` wrappers of nullable refs add nothing), in document order.
 */
function report(r: DocReporter, rootId: string, manifest: any, errors: readonly ErrorObject[]): void {
  const kind: string = manifest.kind;
  const typed = new Set(errors.filter((e) => e.keyword === 'type' || e.keyword === 'not').map((e) => e.instancePath));
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || ((e.keyword === 'enum' || e.keyword === 'format') && typed.has(e.instancePath))) {
      continue;
    }
    const at = locate(rootId, manifest, e.instancePath);
    const params = e.params as Record<string, any>;
    if (e.keyword === 'required') {
      const key = String(params.missingProperty);
      hits.push(requiredHit(kind, at, key, child(at.path, key)));
    } else if (e.keyword === 'additionalProperties') {
      const key = String(params.additionalProperty);
      if (at.value[key] === undefined) {
        continue; // absent once serialized
      }
      const p = child(at.path, key);
      const fix = key === 'restartPolicy' && at.tokens[at.tokens.length - 2] === 'initContainers' ? SIDECAR_FIX : undefined;
      const order = [...at.order, Object.keys(at.value).indexOf(key)];
      hits.push({ order, rule: 'SCHEMA-UNKNOWN-FIELD', path: p, message: `strict decoding error: unknown field ${q(p)}`, fix });
    } else if (at.value === undefined) {
      continue; // a hole in an array: absent once serialized
    } else if (at.value === null && at.parent) {
      if (!seen.has(at.path)) {
        seen.add(at.path);
        hits.push(requiredHit(kind, at.parent, at.tokens[at.tokens.length - 1], at.path));
      }
    } else if (e.keyword === 'type') {
      const message = `cannot unmarshal ${jsonType(at.value)} into field ${q(at.path)} of type ${goType(at.node)}`;
      hits.push({ order: at.order, rule: 'SCHEMA-TYPE', path: at.path, message });
    } else if (e.keyword === 'enum') {
      const er = enumRule(kind, at.path);
      const values = er.values ?? [...(at.node.enum as string[])].sort();
      const message = `Unsupported value: ${q(at.value)}: supported values: ${values.map((x) => q(x)).join(', ')}`;
      hits.push({ order: at.order, rule: er.rule, path: at.path, message });
    } else if (e.keyword === 'format') {
      hits.push({ order: at.order, path: at.path, ...formatHit(kind, String(params.format), at) });
    }
  }
  hits.sort((a, b) => compareOrder(a.order, b.order));
  for (const h of hits) {
    r.add(h.rule, h.path, h.message, h.fix);
  }
}

function formatHit(kind: string, format: string, at: Location): { rule: RuleId; message: string } {
  switch (format) {
    case 'quantity': return { rule: 'SCHEMA-QUANTITY', message: `Invalid value: ${q(at.value)}: ${QUANTITY_FORMAT_MESSAGE}` };
    case 'byte': return { rule: kind === 'Secret' ? 'SEC-DATA-BASE64' : 'SCHEMA-BASE64', message: `illegal base64 data at input byte ${base64ErrorOffset(at.value)}` };
    default: return { rule: 'SCHEMA-TYPE', message: `cannot unmarshal number ${at.value} into field ${q(at.path)} of type int32` };
  }
}

/** Enum fields that are catalog rules of their own (rule id and the API server's list order). */
const ENUM_RULES: Record<string, { rule: RuleId; values?: string[] }> = {
  imagePullPolicy: { rule: 'CTR-PULLPOLICY-ENUM' },
  terminationMessagePolicy: { rule: 'CTR-TERMMSG-POLICY' },
  restartPolicy: { rule: 'POD-RESTARTPOLICY-ENUM', values: ['Always', 'OnFailure', 'Never'] },
  dnsPolicy: { rule: 'POD-DNSPOLICY-ENUM', values: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] },
  persistentVolumeReclaimPolicy: { rule: 'PV-RECLAIM-ENUM' },
  volumeBindingMode: { rule: 'SC-BINDINGMODE-ENUM' },
  mountPropagation: { rule: 'MNT-PROPAGATION' },
  sessionAffinity: { rule: 'SVC-SESSIONAFFINITY' },
};

function enumRule(kind: string, p: string): { rule: RuleId; values?: string[] } {
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
function requiredRule(kind: string, p: string): RuleId {
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

/** The Ajv validator of a kind (internal: tests compare it with the precompiled one). */
export function validatorOf(apiVersion: string, kind: string): ValidateFunction | undefined {
  return validatorFor(apiVersion, kind)?.validate;
}

/**
 * Validates one document against its kind's 1.27 schema. Returns false when there is no schema
 * for the kind (custom resources, removed API versions).
 */
export function validateSchema(r: DocReporter, manifest: any): boolean {
  const v = validatorFor(manifest.apiVersion, manifest.kind);
  if (!v) {
    return false;
  }
  if (!v.validate(manifest)) {
    loadRaw(v.target); // for the error paths (precompiled validators do not need the raw schemas)
    report(r, v.target.id, manifest, v.validate.errors ?? []);
  }
  return true;
}
