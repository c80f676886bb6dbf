/**
 * A custom resource checked against its CRD version's structural `openAPIV3Schema` the way a 1.27
 * API server does (apiextensions-apiserver v0.27.9): nulls of non-nullable fields pruned and defaults
 * applied first, then strict field validation (unknown fields, as pruning finds them), kube-openapi's
 * value validation (types, formats, enum, bounds, lengths, counts, pattern, required, allOf/anyOf/
 * oneOf/not) with the messages of `ValidateCustomResource`, and the list-type checks. The
 * `x-kubernetes-validations` nodes met on the way are collected for the CEL pass.
 *
 * A small explicit evaluator of the Kubernetes dialect (not a general JSON-Schema engine). Work is
 * bounded: every schema/value pair visited costs a step, and past `MAX_STEPS` the rest is reported
 * as not evaluated; `pattern`s run on RE2 (linear time).
 */
import { isIPv4, isIPv6 } from 'net';
import { PatternCache } from './re2';
import { child, hasOwn, index, isObj, q } from '../core/json';

/** The findings the evaluator produces (rule ids of rules/apiextensions.ts, plus the shared unknown-field rule). */
export type CrRule = 'SCHEMA-UNKNOWN-FIELD' | 'CR-TYPE' | 'CR-REQUIRED' | 'CR-VALUE' | 'CR-LIST-DUPLICATE' | 'CR-UNEVALUATED';

export interface CrIssue {
  readonly rule: CrRule;
  readonly path: string;
  readonly message: string;
}

/** A schema node with x-kubernetes-validations and the (non-null) value it applies to. */
export interface CelSite {
  readonly value: unknown;
  readonly schema: Record<string, any>;
  readonly path: string;
  readonly isRoot: boolean;
}

/** Schema/value pairs visited per document before the rest is reported as not evaluated. */
export const MAX_STEPS = 200_000;
/** Nesting depth followed (deeper values are reported as not evaluated). */
export const MAX_DEPTH = 100;

/** ObjectMeta's JSON fields in 1.27 (strict decoding rejects any other key under metadata). */
const OBJECT_META_FIELDS = new Set(['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences',
  'finalizers', 'managedFields']);

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** go-openapi's name of a JSON value's type (`must be of type integer: "string"`). */
export function jsonTypeName(v: unknown): string {
  if (v === null || v === undefined) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return 'array';
  }
  switch (typeof v) {
    case 'number': return Number.isInteger(v) ? 'integer' : 'number';
    case 'boolean': return 'boolean';
    case 'string': return 'string';
    default: return 'object';
  }
}

/** field.Error's rendering of a value (`%q` for strings, `%v` for numbers and booleans). */
export function fieldValue(v: unknown): string {
  if (typeof v === 'string') {
    return q(v);
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  if (v === null || v === undefined) {
    return 'null';
  }
  const text = JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 120)}...` : text;
}

function matchesType(v: unknown, type: string): boolean {
  switch (type) {
    case 'object': return isObj(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    default: return true; // an unsupported type is the CRD's error (reported on the CRD), not the object's
  }
}

/** JSON equality (numbers by value, objects by keys). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** A canonical JSON text (sorted keys) for duplicate detection in sets. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) {
    return `[${v.map(canonical).join(',')}]`;
  }
  if (isObj(v)) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The format check kube-openapi applies, for the formats it is sure about; undefined when the value passes or is not checked. */
function formatFailure(format: string, v: string): string | undefined {
  switch (format.replace(/-/g, '')) {
    case 'datetime': return v !== '' && !DATE_PREFIX.test(v) ? 'date-time' : undefined;
    case 'date': {
      const m = DATE.exec(v);
      const ok = m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31;
      return v !== '' && !ok ? 'date' : undefined;
    }
    case 'uuid': return UUID.test(v) ? undefined : 'uuid';
    case 'uuid3': return UUID3.test(v) ? undefined : 'uuid3';
    case 'uuid4': return UUID4.test(v) ? undefined : 'uuid4';
    case 'uuid5': return UUID5.test(v) ? undefined : 'uuid5';
    case 'ipv4': return isIPv4(v) || (isIPv6(v) && v.includes('.')) || v.includes('%') ? undefined : 'ipv4';
    case 'ipv6': return (isIPv6(v) && v.includes(':')) || v.includes('%') ? undefined : 'ipv6';
    case 'byte': return BASE64.test(v.replace(/[\r\n]/g, '')) ? undefined : 'byte';
    default: return undefined;
  }
}

/** The root schema without its metadata property (metadata is not defaulted from the schema). */
function withoutMetadata(schema: Record<string, any>): Record<string, any> {
  if (!isObj(schema.properties) || !hasOwn(schema.properties, 'metadata')) {
    return schema;
  }
  const { metadata: _m, ...rest } = schema.properties;
  return { ...schema, properties: rest };
}

/**
 * `v` as the API server sees it before validation: nulls of non-nullable fields without a default
 * pruned, absent (or null) fields with a default set to it (defaulting/algorithm.go, prunenulls.go).
 * Copies only what changes; `budget` bounds the work (a hostile object stays linear).
 */
export function applyDefaults(v: unknown, s: unknown, budget: { steps: number }, depth = 0): unknown {
  if (!isObj(s) || depth > MAX_DEPTH || --budget.steps < 0) {
    return v;
  }
  if (Array.isArray(v)) {
    if (!isObj(s.items)) {
      return v;
    }
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      const d = applyDefaults(x, s.items, budget, depth + 1);
      if (d !== x) {
        out = out ?? [...v];
        out[i] = d;
      }
    });
    return out ?? v;
  }
  if (!isObj(v)) {
    return v;
  }
  const props = isObj(s.properties) ? s.properties : {};
  const ap = isObj(s.additionalProperties) ? s.additionalProperties : undefined;
  let out: Record<string, unknown> | undefined;
  const set = (k: string, x: unknown): void => {
    out = out ?? { ...v };
    out[k] = x;
  };
  for (const [k, x] of Object.entries(v)) {
    const ps = hasOwn(props, k) ? props[k] : ap;
    if (!isObj(ps)) {
      continue;
    }
    if (x === null && ps.nullable !== true) {
      if (ps.default !== undefined && ps.default !== null) {
        set(k, ps.default);
      } else {
        out = out ?? { ...v };
        delete out[k];
      }
      continue;
    }
    const d = applyDefaults(x, ps, budget, depth + 1);
    if (d !== x) {
      set(k, d);
    }
  }
  for (const [k, ps] of Object.entries(props)) {
    if (!hasOwn(v, k) && isObj(ps) && ps.default !== undefined && ps.default !== null) {
      set(k, applyDefaults(ps.default, ps, budget, depth + 1));
    }
  }
  return out ?? v;
}

/** Validates one custom resource against the schema of its CRD version. */
export class SchemaEvaluator {
  public readonly issues: CrIssue[] = [];
  public readonly celSites: CelSite[] = [];
  /**
   * Errors of the kinds that make a 1.27 API server skip the CEL rules (`hasBlockingErr`: Required,
   * TooLong, TooMany, TypeInvalid).
   */
  public blocking = 0;
  private steps = 0;
  private exhausted = false;

  constructor(private readonly patterns: PatternCache) {}

  /** Validates the whole object `m` against the root schema (after defaulting). */
  public validateRoot(m: Record<string, any>, schema: Record<string, any>): void {
    const defaulted = applyDefaults(m, withoutMetadata(schema), { steps: MAX_STEPS });
    this.node(defaulted, schema, '', { root: true, strict: true, depth: 0 });
  }

  /**
   * Validates a value against a (non-root) schema node, as kube-openapi validates a schema's
   * `default` (paths relative to the value; unknown fields reported as SCHEMA-UNKNOWN-FIELD).
   */
  public validateValue(v: unknown, schema: Record<string, any>): void {
    this.node(applyDefaults(v, schema, { steps: MAX_STEPS }), schema, '', { strict: true, depth: 0 });
  }

  private budget(path: string, depth: number): boolean {
    if (this.exhausted) {
      return false;
    }
    this.steps++;
    if (this.steps > MAX_STEPS || depth > MAX_DEPTH) {
      this.exhausted = true;
      const message = depth > MAX_DEPTH
        ? `values nested deeper than ${MAX_DEPTH} levels: the rest of the object was not checked against its schema`
        : `object and schema too large (over ${MAX_STEPS} schema checks): the rest of the object was not checked against its schema`;
      this.issues.push({ rule: 'CR-UNEVALUATED', path, message });
      return false;
    }
    return true;
  }

  /**
   * Validates `v` at `path` against `s`. `strict` is false inside allOf/anyOf/oneOf/not (value
   * validations only: no unknown fields, list types or CEL there).
   */
  private node(v: unknown, s: unknown, path: string, o: { root?: boolean; embedded?: boolean; strict: boolean; depth: number }): void {
    if (!isObj(s) || !this.budget(path, o.depth)) {
      return;
    }
    const name = path === '' ? '' : path;
    const where = `${name === '' ? '' : `${name} `}in body`;
    if (v === null || v === undefined) {
      if (s.nullable !== true && typeof s.type === 'string' && s.type !== '') {
        this.typeError(path, v, `${where} must be of type ${s.type}: "null"`);
      }
      return;
    }
    const intOrString = s['x-kubernetes-int-or-string'] === true;
    if (intOrString) {
      if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) {
        this.typeError(path, v, `${where} must be of type integer,string: ${q(jsonTypeName(v))}`);
        return;
      }
    } else if (typeof s.type === 'string' && s.type !== '' && !matchesType(v, s.type)) {
      this.typeError(path, v, `${where} must be of type ${s.type}: ${q(jsonTypeName(v))}`);
      return;
    }
    if (typeof v === 'string') {
      this.stringChecks(v, s, path, where);
    } else if (typeof v === 'number') {
      this.numberChecks(v, s, path, where);
    }
    if (Array.isArray(s.enum) && !s.enum.some((e: unknown) => jsonEqual(e, v))) {
      const allowed = s.enum.map((e: unknown) => (typeof e === 'string' ? q(e) : q(JSON.stringify(e))));
      this.add('CR-VALUE', path, `Unsupported value: ${fieldValue(v)}: supported values: ${allowed.join(', ')}`);
    }
    if (Array.isArray(v)) {
      this.arrayChecks(v, s, path, where, o);
    } else if (isObj(v)) {
      this.objectChecks(v, s, path, where, o);
    }
    this.junctors(v, s, path, where, o);
    if (o.strict && Array.isArray(s['x-kubernetes-validations']) && s['x-kubernetes-validations'].length > 0) {
      this.celSites.push({ value: v, schema: s, path, isRoot: o.root === true });
    }
  }

  private add(rule: CrRule, path: string, message: string): void {
    this.issues.push({ rule, path, message });
  }

  private typeError(path: string, v: unknown, detail: string): void {
    this.blocking++;
    this.add('CR-TYPE', path, `Invalid value: ${fieldValue(v)}: ${detail}`);
  }

  private stringChecks(v: string, s: Record<string, any>, path: string, where: string): void {
    const length = [...v].length;
    if (typeof s.maxLength === 'number' && length > s.maxLength) {
      this.blocking++;
      this.add('CR-VALUE', path, `Too long: may not be longer than ${s.maxLength}`);
    }
    if (typeof s.minLength === 'number' && length < s.minLength) {
      this.add('CR-VALUE', path, `Invalid value: ${fieldValue(v)}: ${where} should be at least ${s.minLength} chars long`);
    }
    if (typeof s.pattern === 'string' && s.pattern !== '') {
      const ok = this.patterns.test(s.pattern, v);
      if (ok === false) {
        this.add('CR-VALUE', path, `Invalid value: ${fieldValue(v)}: ${where} should match '${s.pattern}'`);
      } else if (ok === undefined) {
        this.add('CR-UNEVALUATED', path, `pattern '${s.pattern.slice(0, 80)}' could not be compiled here: not checked`);
      }
    }
    if (typeof s.format === 'string' && s.format !== '') {
      const bad = formatFailure(s.format, v);
      if (bad !== undefined) {
        this.blocking++;
        this.add('CR-VALUE', path, `Invalid value: ${fieldValue(v)}: ${where} must be of type ${bad}: ${q(v)}`);
      }
    }
  }

  private numberChecks(v: number, s: Record<string, any>, path: string, where: string): void {
    const val = fieldValue(v);
    if (typeof s.maximum === 'number') {
      if (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum) {
        this.add('CR-VALUE', path, `Invalid value: ${val}: ${where} should be less than ${s.exclusiveMaximum === true ? '' : 'or equal to '}${s.maximum}`);
      }
    }
    if (typeof s.minimum === 'number') {
      if (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum) {
        this.add('CR-VALUE', path, `Invalid value: ${val}: ${where} should be greater than ${s.exclusiveMinimum === true ? '' : 'or equal to '}${s.minimum}`);
      }
    }
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
      const ratio = v / s.multipleOf;
      if (Math.abs(ratio - Math.round(ratio)) > 1e-9) {
        this.add('CR-VALUE', path, `Invalid value: ${val}: ${where} should be a multiple of ${s.multipleOf}`);
      }
    }
  }

  private arrayChecks(v: unknown[], s: Record<string, any>, path: string, where: string, o: { strict: boolean; depth: number }): void {
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) {
      this.blocking++;
      this.add('CR-VALUE', path, `Too many: ${v.length}: must have at most ${s.maxItems} items`);
    }
    if (typeof s.minItems === 'number' && v.length < s.minItems) {
      this.add('CR-VALUE', path, `Invalid value: ${v.length}: ${where} should have at least ${s.minItems} items`);
    }
    if (isObj(s.items)) {
      v.forEach((item, i) => this.node(item, s.items, index(path, i), { strict: o.strict, depth: o.depth + 1, embedded: s.items['x-kubernetes-embedded-resource'] === true }));
    }
    if (!o.strict) {
      return;
    }
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'set') {
      const seen = new Set<string>();
      v.forEach((item, i) => {
        const k = canonical(item);
        if (seen.has(k)) {
          this.add('CR-LIST-DUPLICATE', index(path, i), `Duplicate value: ${fieldValue(item)}`);
        }
        seen.add(k);
      });
    } else if (listType === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) {
      const keys: string[] = s['x-kubernetes-list-map-keys'].filter((k: unknown) => typeof k === 'string');
      const itemProps = isObj(s.items) && isObj(s.items.properties) ? s.items.properties : {};
      const seen = new Set<string>();
      v.forEach((item, i) => {
        if (!isObj(item)) {
          return;
        }
        const values = keys.map((k) => (hasOwn(item, k) ? item[k] : isObj(itemProps[k]) ? itemProps[k].default : undefined));
        const k = canonical(values);
        if (seen.has(k)) {
          const shown = keys.map((key, j) => `${q(key)}:${fieldValue(values[j])}`).join(', ');
          this.add('CR-LIST-DUPLICATE', index(path, i), `Duplicate value: map[string]interface {}{${shown}}`);
        }
        seen.add(k);
      });
    }
  }

  private objectChecks(v: Record<string, any>, s: Record<string, any>, path: string, where: string,
    o: { root?: boolean; embedded?: boolean; strict: boolean; depth: number }): void {
    const props = isObj(s.properties) ? s.properties : {};
    const ap = s.additionalProperties;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const resource = o.root === true || o.embedded === true || s['x-kubernetes-embedded-resource'] === true;
    // nulls of non-nullable fields are pruned (or defaulted), absent fields with a default are defaulted
    const present = (k: string): boolean => {
      if (hasOwn(v, k) && v[k] !== null) {
        return true;
      }
      const ps = hasOwn(props, k) ? props[k] : undefined;
      if (isObj(ps) && ps.default !== undefined && ps.default !== null) {
        return true;
      }
      return hasOwn(v, k) && isObj(ps) && ps.nullable === true;
    };
    const count = Object.keys(v).length;
    if (typeof s.maxProperties === 'number' && count > s.maxProperties) {
      this.blocking++;
      this.add('CR-VALUE', path, `Too many: ${count}: must have at most ${s.maxProperties} items`);
    }
    if (typeof s.minProperties === 'number' && count < s.minProperties) {
      this.add('CR-VALUE', path, `Invalid value: ${count}: ${where} should have at least ${s.minProperties} properties`);
    }
    if (Array.isArray(s.required)) {
      for (const k of s.required) {
        if (typeof k === 'string' && !present(k)) {
          this.blocking++;
          this.add('CR-REQUIRED', child(path, k), 'Required value');
        }
      }
    }
    for (const [k, value] of Object.entries(v)) {
      const p = child(path, k);
      if (resource && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) {
        if (k === 'metadata' && o.strict) {
          this.metadata(value, props.metadata, p, o.depth);
        } else if (hasOwn(props, k) && k !== 'metadata') {
          this.node(value, props[k], p, { strict: o.strict, depth: o.depth + 1 });
        }
        continue;
      }
      if (hasOwn(props, k)) {
        const ps = props[k];
        if (value === null && isObj(ps) && ps.nullable !== true) {
          continue; // pruned or defaulted before validation
        }
        this.node(value, ps, p, { strict: o.strict, depth: o.depth + 1, embedded: isObj(ps) && ps['x-kubernetes-embedded-resource'] === true });
      } else if (isObj(ap)) {
        if (value === null && ap.nullable !== true) {
          continue;
        }
        this.node(value, ap, p, { strict: o.strict, depth: o.depth + 1, embedded: ap['x-kubernetes-embedded-resource'] === true });
      } else if (o.strict && !preserve && ap !== true) {
        this.add('SCHEMA-UNKNOWN-FIELD', p, `strict decoding error: unknown field ${q(p)}`);
      }
    }
  }

  /** metadata of the object or of an embedded resource: ObjectMeta's fields, name/generateName against the schema. */
  private metadata(value: unknown, schema: unknown, path: string, depth: number): void {
    if (!isObj(value)) {
      return;
    }
    for (const k of Object.keys(value)) {
      if (!OBJECT_META_FIELDS.has(k)) {
        const p = child(path, k);
        this.add('SCHEMA-UNKNOWN-FIELD', p, `strict decoding error: unknown field ${q(p)}`);
      }
    }
    const props = isObj(schema) && isObj(schema.properties) ? schema.properties : {};
    for (const k of ['name', 'generateName']) {
      if (hasOwn(props, k) && typeof value[k] === 'string') {
        this.node(value[k], props[k], child(path, k), { strict: false, depth: depth + 1 });
      }
    }
  }

  /** allOf / anyOf / oneOf / not: value validations evaluated on the same value. */
  private junctors(v: unknown, s: Record<string, any>, path: string, where: string,
    o: { root?: boolean; embedded?: boolean; strict: boolean; depth: number }): void {
    const sub = { root: o.root, embedded: o.embedded, strict: false, depth: o.depth + 1 };
    const failures = (schema: unknown): CrIssue[] => {
      const mark = this.issues.length;
      const typeMark = this.blocking;
      this.node(v, schema, path, sub);
      const found = this.issues.splice(mark);
      this.blocking = typeMark;
      this.issues.push(...found.filter((f) => f.rule === 'CR-UNEVALUATED'));
      // a branch not fully evaluated counts as passing: never a failure that was not seen
      return this.exhausted ? [] : found.filter((f) => f.rule !== 'CR-UNEVALUATED');
    };
    if (Array.isArray(s.allOf) && s.allOf.length > 0) {
      const all = s.allOf.flatMap((x: unknown) => failures(x));
      if (all.length > 0) {
        this.issues.push(...all);
        this.add('CR-VALUE', path, `Invalid value: "": ${where} must validate all the schemas (allOf)`);
      }
    }
    if (Array.isArray(s.anyOf) && s.anyOf.length > 0 && !s.anyOf.some((x: unknown) => failures(x).length === 0)) {
      this.add('CR-VALUE', path, `Invalid value: "": ${where} must validate at least one schema (anyOf)`);
    }
    if (Array.isArray(s.oneOf) && s.oneOf.length > 0) {
      const passing = s.oneOf.filter((x: unknown) => failures(x).length === 0).length;
      if (passing !== 1) {
        this.add('CR-VALUE', path, `Invalid value: "": ${where} must validate one and only one schema (oneOf)`);
      }
    }
    if (isObj(s.not) && failures(s.not).length === 0) {
      this.add('CR-VALUE', path, `Invalid value: "": ${where} must not validate the schema (not)`);
    }
  }
}
