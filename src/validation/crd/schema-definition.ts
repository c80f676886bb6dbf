/**
 * The rules a 1.27 API server applies to a CRD version's `openAPIV3Schema` (apiextensions-apiserver
 * v0.27.9): `ValidateCustomResourceDefinitionOpenAPISchema` and `specStandardValidatorV3` of
 * pkg/apis/apiextensions/validation, and the structural-schema invariants of
 * pkg/apiserver/schema/validation.go (`validateStructuralInvariants`, value validations).
 *
 * Not modelled: structural completeness (properties named in value validations must also be
 * specified outside them), default values validated and pruned against the schema, the CEL cost
 * estimate of `x-kubernetes-validations` and CEL compilation errors (reported by the API server when
 * the CRD is created, not here).
 */
import { compilePattern, PatternCache } from './re2';
import { fieldValue, SchemaEvaluator } from './schema-eval';
import { hasOwn, index, isObj, q } from '../core/json';
import type { DocReporter } from '../report';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);
/** Schema keywords allowed at the root when the status subresource is on (`allowedFieldsAtRootSchema`, JSON names). */
const ROOT_WITH_STATUS = new Set(['description', 'type', 'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'required', 'items', 'properties',
  'externalDocs', 'example', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations']);
/** Bound on schema nesting (a hostile schema must not recurse without end). */
const MAX_SCHEMA_DEPTH = 100;

type Level = 'root' | 'item' | 'field';

interface Walk {
  readonly r: DocReporter;
  readonly patterns: PatternCache;
  insideMeta: boolean;
  forbidDefaults?: string;
  /** Under additionalProperties: ValidateDefaults does not descend there. */
  skipDefaults?: boolean;
}

/** `field.Path.Key`: `properties[spec]`. */
function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

function at(path: string, name: string): string {
  return `${path}.${name}`;
}

function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0) {
    return true;
  }
  if (Array.isArray(v)) {
    return v.length === 0;
  }
  return isObj(v) && Object.keys(v).length === 0;
}

/** Validates the root schema of one CRD version at `path` (`spec.versions[i].schema.openAPIV3Schema`). */
export function validateSchemaDefinition(r: DocReporter, root: Record<string, any>, path: string, statusEnabled: boolean): void {
  if (statusEnabled) {
    for (const [k, v] of Object.entries(root)) {
      if (isZero(v)) {
        continue;
      }
      if (k === 'type') {
        if (v !== 'object') {
          r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'type'), `Invalid value: ${q(v)}: only "object" is allowed as the type at the root of the schema if the status subresource is enabled`);
          break;
        }
        continue;
      }
      if (!ROOT_WITH_STATUS.has(k)) {
        r.add('CRD-SCHEMA-STRUCTURAL', path, `Invalid value: "object": only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled (found ${k})`);
        break;
      }
    }
  }
  if (root.nullable === true) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'nullable'), 'Forbidden: nullable cannot be true at the root');
  }
  walk({ r, patterns: new PatternCache(), insideMeta: false }, root, path, 'root', true, 0);
}

/** `ValidateCustomResourceDefinitionOpenAPISchema` + `validateStructuralInvariants` of one schema node. */
function walk(w: Walk, s: unknown, path: string, level: Level, isRoot: boolean, depth: number): void {
  if (!isObj(s)) {
    return;
  }
  if (depth > MAX_SCHEMA_DEPTH) {
    w.r.add('CR-UNEVALUATED', path, `schema nested deeper than ${MAX_SCHEMA_DEPTH} levels: not checked further`);
    return;
  }
  const r = w.r;
  standard(w, s, path);
  if (s.uniqueItems === true) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'uniqueItems'), 'Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
  }
  const props = isObj(s.properties) ? s.properties : {};
  const hasProps = Object.keys(props).length > 0;
  const ap = s.additionalProperties;
  if (ap !== undefined && ap !== null) {
    if (hasProps && (ap === false || isObj(ap))) {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'additionalProperties'), 'Forbidden: additionalProperties and properties are mutual exclusive');
    }
    if (level === 'root') {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'additionalProperties'), 'Forbidden: must not be used at the root');
    }
    if (s['x-kubernetes-embedded-resource'] === true) {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'additionalProperties'), 'Forbidden: must not be used if x-kubernetes-embedded-resource is set');
    }
    if (isObj(ap)) {
      const sub: Walk = w.insideMeta ? { ...w, forbidDefaults: 'inside additionalProperties applying to object metadata', skipDefaults: true } : { ...w, skipDefaults: true };
      walk(sub, ap, at(path, 'additionalProperties'), 'field', false, depth + 1);
    }
  }
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  for (const [name, ps] of Object.entries(props)) {
    let sub = w;
    if ((isRoot || embedded) && META_FIELDS.has(name)) {
      sub = { ...w, insideMeta: true, forbidDefaults: isRoot ? `in top-level ${name}` : w.forbidDefaults };
    }
    walk(sub, ps, key(at(path, 'properties'), name), 'field', false, depth + 1);
  }
  if (isObj(s.items)) {
    walk(w, s.items, at(path, 'items'), 'item', false, depth + 1);
  }
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[junctor])) {
      s[junctor].forEach((x: unknown, i: number) => standard(w, x, index(at(path, junctor), i)));
    }
  }
  if (isObj(s.not)) {
    standard(w, s.not, at(path, 'not'));
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-preserve-unknown-fields'), 'Invalid value: false: must be true or undefined');
  }
  listAndMapTypes(r, s, path);
  validationRules(r, s, path);
  structural(w, s, path, level);
  if (!w.insideMeta && !w.skipDefaults && !isRoot && s.default !== undefined && s.default !== null && w.forbidDefaults === undefined) {
    validateDefault(w, s, path);
  }
}

/**
 * `ValidateDefaults` (defaulting/validation.go): a default must hold no unknown (pruned) fields and
 * pass its schema's value validation. Nested defaults are applied first (the conservative reading:
 * only what fails anyway is reported); CEL rules on defaults are not evaluated here.
 */
function validateDefault(w: Walk, s: Record<string, any>, path: string): void {
  const e = new SchemaEvaluator(w.patterns);
  e.validateValue(s.default, s);
  const dpath = at(path, 'default');
  if (e.issues.some((i) => i.rule === 'SCHEMA-UNKNOWN-FIELD')) {
    w.r.add('CRD-SCHEMA-DEFAULT', dpath, `Invalid value: ${fieldValue(s.default)}: must not have unknown fields`);
  }
  for (const i of e.issues) {
    if (i.rule !== 'SCHEMA-UNKNOWN-FIELD' && i.rule !== 'CR-UNEVALUATED') {
      w.r.add('CRD-SCHEMA-DEFAULT', i.path === '' ? dpath : at(dpath, i.path), i.message);
    }
  }
}

/** `specStandardValidatorV3.validate` (also applied inside allOf/anyOf/oneOf/not). */
function standard(w: Walk, s: unknown, path: string): void {
  if (!isObj(s)) {
    return;
  }
  const r = w.r;
  if (typeof s.type === 'string' && s.type !== '' && !TYPES.includes(s.type)) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'type'), `Unsupported value: ${q(s.type)}: supported values: ${TYPES.map((t) => q(t)).join(', ')}`);
  }
  if (hasOwn(s, 'default') && s.default !== null && w.forbidDefaults !== undefined) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'default'), `Forbidden: must not be set ${w.forbidDefaults}`);
  }
  const forbidden: Array<[string, string]> = [['id', 'id is not supported'], ['additionalItems', 'additionalItems is not supported'],
    ['patternProperties', 'patternProperties is not supported'], ['definitions', 'definitions is not supported'],
    ['dependencies', 'dependencies is not supported'], ['$ref', '$ref is not supported']];
  for (const [k, msg] of forbidden) {
    if (hasOwn(s, k) && !isZero(s[k])) {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, k), `Forbidden: ${msg}`);
    }
  }
  if (s.type === 'null') {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'type'), 'Forbidden: type cannot be set to null, use nullable as an alternative');
  }
  if (Array.isArray(s.items) && s.items.length > 0) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'items'), 'Forbidden: items must be a schema object and not an array');
  }
  if (w.insideMeta && s['x-kubernetes-embedded-resource'] === true) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-embedded-resource'), 'Forbidden: must not be used inside of resource meta');
  }
  if (typeof s.pattern === 'string' && s.pattern !== '') {
    const compiled = compilePattern(s.pattern);
    if (compiled.error !== undefined) {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'pattern'), `Invalid value: ${q(s.pattern)}: must be a valid regular expression, but isn't: ${compiled.error}`);
    }
  }
}

function isScalarType(t: unknown): boolean {
  return t === 'string' || t === 'integer' || t === 'number' || t === 'boolean';
}

/** x-kubernetes-map-type / list-type / list-map-keys consistency, and `validateMapListKeysMapSet`. */
function listAndMapTypes(r: DocReporter, s: Record<string, any>, path: string): void {
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && mapType !== null) {
    if (s.type !== 'object') {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'type'), !s.type ? 'Required value: must be object if x-kubernetes-map-type is specified'
        : `Invalid value: ${q(s.type)}: must be object if x-kubernetes-map-type is specified`);
    }
    if (mapType !== 'atomic' && mapType !== 'granular') {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-map-type'), `Unsupported value: ${q(mapType)}: supported values: "atomic", "granular"`);
    }
  }
  const listType = s['x-kubernetes-list-type'];
  const items = isObj(s.items) ? s.items : undefined;
  if (listType !== undefined && listType !== null) {
    if (s.type !== 'array') {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'type'), !s.type ? 'Required value: must be array if x-kubernetes-list-type is specified'
        : `Invalid value: ${q(s.type)}: must be array if x-kubernetes-list-type is specified`);
    } else if (listType === 'set' && items) {
      if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
        r.add('CRD-SCHEMA-STRUCTURAL', at(at(path, 'items'), 'x-kubernetes-map-type'), `Invalid value: ${q(listType)}: must be atomic as item of a list with x-kubernetes-list-type=set`);
      }
      if (items.type === 'array' && items['x-kubernetes-list-type'] !== 'atomic') {
        r.add('CRD-SCHEMA-STRUCTURAL', at(at(path, 'items'), 'x-kubernetes-list-type'), `Invalid value: ${q(items['x-kubernetes-list-type'] ?? '')}: must be atomic as item of a list with x-kubernetes-list-type=set`);
      }
    }
    if (listType !== 'atomic' && listType !== 'set' && listType !== 'map') {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-list-type'), `Unsupported value: ${q(listType)}: supported values: "atomic", "set", "map"`);
    }
  }
  const keys = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  if (keys.length > 0 && listType !== 'map') {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-list-type'), listType === undefined || listType === null
      ? 'Required value: must be map if x-kubernetes-list-map-keys is non-empty'
      : `Invalid value: ${q(listType)}: must be map if x-kubernetes-list-map-keys is non-empty`);
  }
  if (listType === 'map') {
    if (keys.length === 0) {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-list-map-keys'), 'Required value: must not be empty if x-kubernetes-list-type is map');
    }
    if (!items) {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'items'), 'Required value: must have a schema if x-kubernetes-list-type is map');
    } else if (items.type !== 'object') {
      r.add('CRD-SCHEMA-STRUCTURAL', at(at(path, 'items'), 'type'), `Invalid value: ${q(items.type ?? '')}: must be object if parent array's x-kubernetes-list-type is map`);
    } else {
      const props = isObj(items.properties) ? items.properties : {};
      let allKnown = true;
      for (const k of keys) {
        if (typeof k === 'string' && hasOwn(props, k)) {
          const ps = props[k];
          if (isObj(ps) && ps.type !== undefined && !isScalarType(ps.type)) {
            r.add('CRD-SCHEMA-STRUCTURAL', at(key(at(at(path, 'items'), 'properties'), k), 'type'), `Invalid value: ${q(ps.type)}: must be a scalar type if parent array's x-kubernetes-list-type is map`);
          }
        } else {
          allKnown = false;
        }
      }
      if (!allKnown) {
        r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-list-map-keys'), `Invalid value: []string{${keys.map((k) => q(String(k))).join(', ')}}: entries must all be names of item properties`);
      }
      if (new Set(keys).size !== keys.length) {
        r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-list-map-keys'), `Invalid value: []string{${keys.map((k) => q(String(k))).join(', ')}}: must not contain duplicate entries`);
      }
      const required = new Set(Array.isArray(items.required) ? items.required : []);
      for (const k of keys) {
        const ps = typeof k === 'string' && hasOwn(props, k) ? props[k] : undefined;
        if (!isObj(ps)) {
          continue;
        }
        const kp = key(at(at(path, 'items'), 'properties'), k);
        if (!required.has(k) && (ps.default === undefined || ps.default === null)) {
          r.add('CRD-SCHEMA-STRUCTURAL', at(kp, 'default'), 'Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property');
        }
        if (ps.nullable === true) {
          r.add('CRD-SCHEMA-STRUCTURAL', at(kp, 'nullable'), 'Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable');
        }
      }
    }
  }
  if ((listType === 'set' || listType === 'map') && items && items.nullable === true) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(at(path, 'items'), 'nullable'), `Forbidden: cannot be nullable when x-kubernetes-list-type is ${listType}`);
  }
}

/** The static checks of x-kubernetes-validations entries (messages, missing rules). */
function validationRules(r: DocReporter, s: Record<string, any>, path: string): void {
  const rules = s['x-kubernetes-validations'];
  if (!Array.isArray(rules)) {
    return;
  }
  rules.forEach((raw, i) => {
    const rule = isObj(raw) ? raw : {};
    const p = index(at(path, 'x-kubernetes-validations'), i);
    const text = typeof rule.rule === 'string' ? rule.rule : '';
    const msg = typeof rule.message === 'string' ? rule.message : '';
    const msgExpr = typeof rule.messageExpression === 'string' ? rule.messageExpression : '';
    if (text.trim() === '') {
      r.add('CRD-VALIDATION-RULES', at(p, 'rule'), 'Required value: rule is not specified');
    } else if (msg.length > 0 && msg.trim() === '') {
      r.add('CRD-VALIDATION-RULES', at(p, 'message'), `Invalid value: ${q(msg)}: message must be non-empty if specified`);
    } else if (msg.trim().includes('\n')) {
      r.add('CRD-VALIDATION-RULES', at(p, 'message'), `Invalid value: ${q(msg)}: message must not contain line breaks`);
    } else if (text.trim().includes('\n') && msg.trim() === '') {
      r.add('CRD-VALIDATION-RULES', at(p, 'message'), 'Required value: message must be specified if rule contains line breaks');
    }
    if (msgExpr.length > 0 && msgExpr.trim() === '') {
      r.add('CRD-VALIDATION-RULES', at(p, 'messageExpression'), 'Required value: messageExpression must be non-empty if specified');
    }
  });
}

function isIntOrStringAnyOf(list: unknown): boolean {
  if (!Array.isArray(list) || list.length !== 2) {
    return false;
  }
  const only = (x: unknown, t: string): boolean => isObj(x) && Object.keys(x).length === 1 && x.type === t;
  return only(list[0], 'integer') && only(list[1], 'string');
}

/** `validateStructuralInvariants` of pkg/apiserver/schema (the parts not covered above). */
function structural(w: Walk, s: Record<string, any>, path: string, level: Level): void {
  const r = w.r;
  const type = typeof s.type === 'string' ? s.type : '';
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (type === 'array' && !isObj(s.items)) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'items'), 'Required value: must be specified');
  }
  if (embedded && type !== 'object') {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'type'), type === '' ? 'Required value: must be object if x-kubernetes-embedded-resource is true'
      : `Invalid value: ${q(type)}: must be object if x-kubernetes-embedded-resource is true`);
  } else if (type === '' && !intOrString && !preserve) {
    const detail = level === 'root' ? 'must not be empty at the root' : level === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'type'), `Required value: ${detail}`);
  }
  if (level === 'root' && type !== '' && type !== 'object') {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'type'), `Invalid value: ${q(type)}: must be object at the root`);
  }
  if (intOrString && preserve) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-preserve-unknown-fields'), 'Invalid value: true: must be false if x-kubernetes-int-or-string is true');
  }
  if (intOrString && embedded) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'x-kubernetes-embedded-resource'), 'Invalid value: true: must be false if x-kubernetes-int-or-string is true');
  }
  const props = isObj(s.properties) ? s.properties : {};
  const checkMetadata = level === 'root' || embedded;
  for (const f of ['kind', 'apiVersion']) {
    if (checkMetadata && hasOwn(props, f) && isObj(props[f]) && props[f].type !== 'string') {
      r.add('CRD-SCHEMA-STRUCTURAL', at(key(at(path, 'properties'), f), 'type'), `Invalid value: ${q(props[f].type ?? '')}: must be string`);
    }
  }
  if (hasOwn(props, 'metadata') && isObj(props.metadata)) {
    const meta = props.metadata;
    const mpath = key(at(path, 'properties'), 'metadata');
    if (checkMetadata && meta.type !== 'object') {
      r.add('CRD-SCHEMA-STRUCTURAL', at(mpath, 'type'), `Invalid value: ${q(meta.type ?? '')}: must be object`);
    }
    if (level === 'root' && !metadataOnlyNames(meta)) {
      r.add('CRD-SCHEMA-STRUCTURAL', mpath, 'Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified');
    }
  }
  if (embedded && !preserve && Object.keys(props).length === 0) {
    r.add('CRD-SCHEMA-STRUCTURAL', at(path, 'properties'), 'Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields');
  }
  // value validations: allOf/anyOf/oneOf/not must not carry structure (the int-or-string anyOf patterns excepted)
  const skipAnyOf = isIntOrStringAnyOf(s.anyOf);
  const skipFirstAllOfAnyOf = Array.isArray(s.allOf) && s.allOf.length > 0 && isObj(s.allOf[0]) && isIntOrStringAnyOf(s.allOf[0].anyOf);
  nestedJunctors(r, s, path, skipAnyOf, skipFirstAllOfAnyOf, 0);
}

/** True when a root `metadata` schema restricts only name and generateName (type, description and defaults aside). */
function metadataOnlyNames(meta: Record<string, any>): boolean {
  const ignored = new Set(['type', 'description', 'default', 'properties', 'nullable']);
  for (const [k, v] of Object.entries(meta)) {
    if (!ignored.has(k) && !isZero(v)) {
      return false;
    }
  }
  if (meta.nullable === true) {
    return false;
  }
  const props = isObj(meta.properties) ? Object.keys(meta.properties) : [];
  return props.every((p) => p === 'name' || p === 'generateName');
}

const NESTED_FORBIDDEN: Array<[string, string]> = [
  ['type', 'Forbidden: must be empty to be structural'],
  ['additionalProperties', 'Forbidden: must be undefined to be structural'],
  ['default', 'Forbidden: must be undefined to be structural'],
  ['title', 'Forbidden: must be empty to be structural'],
  ['description', 'Forbidden: must be empty to be structural'],
  ['nullable', 'Forbidden: must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'Forbidden: must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'Forbidden: must be false to be structural'],
  ['x-kubernetes-int-or-string', 'Forbidden: must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'Forbidden: must be empty to be structural'],
  ['x-kubernetes-list-type', 'Forbidden: must be undefined to be structural'],
  ['x-kubernetes-map-type', 'Forbidden: must be undefined to be structural'],
  ['x-kubernetes-validations', 'Forbidden: must be empty to be structural'],
];

function nestedJunctors(r: DocReporter, s: Record<string, any>, path: string, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, depth: number): void {
  if (depth > MAX_SCHEMA_DEPTH) {
    return;
  }
  const visit = (v: unknown, p: string, skipA: boolean): void => {
    if (!isObj(v)) {
      return;
    }
    nestedJunctors(r, v, p, skipA, false, depth + 1);
    nestedStructure(r, v, p, depth + 1);
  };
  if (!skipAnyOf && Array.isArray(s.anyOf)) {
    s.anyOf.forEach((v: unknown, i: number) => visit(v, index(at(path, 'anyOf'), i), false));
  }
  if (Array.isArray(s.allOf)) {
    s.allOf.forEach((v: unknown, i: number) => visit(v, index(at(path, 'allOf'), i), skipFirstAllOfAnyOf && i === 0));
  }
  if (Array.isArray(s.oneOf)) {
    s.oneOf.forEach((v: unknown, i: number) => visit(v, index(at(path, 'oneOf'), i), false));
  }
  visit(s.not, at(path, 'not'), false);
}

/** `validateNestedValueValidation`: a value validation's own keywords, items and properties. */
function nestedStructure(r: DocReporter, v: Record<string, any>, path: string, depth: number): void {
  if (depth > MAX_SCHEMA_DEPTH) {
    return;
  }
  for (const [k, msg] of NESTED_FORBIDDEN) {
    if (hasOwn(v, k) && !isZero(v[k]) && !(k === 'default' && v[k] === null)) {
      r.add('CRD-SCHEMA-STRUCTURAL', at(path, k), msg);
    }
  }
  const props = isObj(v.properties) ? v.properties : {};
  if (hasOwn(props, 'metadata')) {
    r.add('CRD-SCHEMA-STRUCTURAL', key(at(path, 'properties'), 'metadata'), 'Forbidden: must not be specified in a nested context');
  }
  if (isObj(v.items)) {
    nestedJunctors(r, v.items, at(path, 'items'), false, false, depth + 1);
    nestedStructure(r, v.items, at(path, 'items'), depth + 1);
  }
  for (const [k, ps] of Object.entries(props)) {
    if (isObj(ps)) {
      nestedJunctors(r, ps, key(at(path, 'properties'), k), false, false, depth + 1);
      nestedStructure(r, ps, key(at(path, 'properties'), k), depth + 1);
    }
  }
}
