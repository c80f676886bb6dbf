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
 * of every served top-level kind with Ajv's standalone code generation (`standaloneChunks`, run by
 * `schema-codegen.ts` as a post-compile step) into chunks, `lib/validation/schemas.generated/<chunk>.js`
 * (`workloads` for the pod-bearing kinds, one per API group for the others: `chunkOf` in
 * schema-store.ts); a kind's chunk is loaded when first needed. Other kinds, and runs from `src`
 * (tests, bench), compile lazily, once per kind present in the input; validators are cached in-process.
 * Ajv's errors (`/spec/containers/0/name`) are mapped back onto our paths (`data[key]` for map
 * keys, `spec.containers[0].name`), rule ids and the API server's messages, in document order.
 */
import * as path from 'path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isBuiltInGroup, removedApiVersion } from './core/api-versions';
import { child, DocReporter, q } from './report';
import type { RuleId } from './rules/catalog';
import { KindValidator, SCHEMAS, specialOf } from './schema-store';

export { isBuiltInGroup, removedApiVersion };

export { isBase64, isQuantity } from './schema-formats';

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
  const file = path.join(SCHEMAS.kmDir(), '_schemas', `IoK8sApi${cap(group)}${cap(version)}${kind}.js`);
  return { id: `io.k8s.api.${group}.${version}.${kind}`, file };
}

/** apimachinery's message for an unparsable quantity. */
export const QUANTITY_FORMAT_MESSAGE = 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'';

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

/**
 * Build step (`schema-codegen.ts`): the precompiled validators of every top-level kind 1.27 serves,
 * as the source of each chunk by chunk name (see `SchemaStore.standaloneChunks`).
 */
export function standaloneChunks(formatsModule: string): Record<string, string> {
  return SCHEMAS.standaloneChunks(formatsModule, schemaIdFor);
}

/** The validator of a kind (precompiled, or compiled now and kept by the process's store), or undefined. */
function validatorFor(apiVersion: string, kind: string): KindValidator | undefined {
  return SCHEMAS.validatorFor(`${apiVersion}\u0000${kind}`, () => schemaIdFor(apiVersion, kind));
}

function resolveRaw(raw: any): any {
  return SCHEMAS.resolveRaw(raw);
}

// ---------------------------------------------------------------------------------------------
// Ajv errors → findings

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
  /** A missing required field (de-duplicated with the API rules' `Required value` findings). */
  readonly required?: boolean;
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
  return { order, rule: requiredRule(kind, p), path: p, message: 'Required value', required: true };
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
    } else if (e.keyword === 'enum' && at.value !== '') {
      // (an empty string is what the server's defaulting fills in, or what the API rules report)
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
    if (h.required) {
      r.required(h.rule, h.path, h.fix);
    } else {
      r.add(h.rule, h.path, h.message, h.fix);
    }
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
    SCHEMAS.loadRaw(v.target); // for the error paths (precompiled validators do not need the raw schemas)
    report(r, v.target.id, manifest, v.validate.errors ?? []);
  }
  return true;
}
