/**
 * Strict decoding of an apiextensions.k8s.io/v1 CustomResourceDefinition (the structure layer for
 * CRDs, which have no built-in JSON schema in this validator): every key must be a field of the 1.27
 * Go types (apiextensions-apiserver v0.27.9 pkg/apis/apiextensions/v1 types.go and
 * types_jsonschema.go), as `kubectl apply --validate=strict` requires.
 *
 * 1.27 has no `selectableFields` (1.30) and no `reason`/`fieldPath` on x-kubernetes-validations
 * (1.28): they are unknown fields to a 1.27 API server. `status` is not checked (reset on create).
 */
import { arr, child, index, isObj, q } from '../core/json';

/** A finding of the strict decoder. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
}

type Shape = { readonly [field: string]: Shape | 'any' | 'schema' | 'schemaOrBool' | 'schemaMap' | 'schemaList' | 'meta' | ListOf };
interface ListOf {
  readonly list: Shape;
}

const OBJECT_META = new Set(['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences',
  'finalizers', 'managedFields']);

/** A shape whose fields are all free-form. */
function leaves(...names: string[]): Record<string, 'any'> {
  return Object.fromEntries(names.map((n) => [n, 'any' as const]));
}

const NAMES: Shape = leaves('plural', 'singular', 'shortNames', 'kind', 'listKind', 'categories');
const VALIDATION_RULE: Shape = leaves('rule', 'message', 'messageExpression');
const SCHEMA: Shape = {
  ...leaves('id', '$schema', '$ref', 'description', 'type', 'format', 'title', 'default', 'maximum', 'exclusiveMaximum', 'minimum',
    'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'enum', 'maxProperties',
    'minProperties', 'required', 'dependencies', 'example', 'nullable', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
    'x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type'),
  'items': 'schema',
  'allOf': 'schemaList',
  'oneOf': 'schemaList',
  'anyOf': 'schemaList',
  'not': 'schema',
  'properties': 'schemaMap',
  'additionalProperties': 'schemaOrBool',
  'patternProperties': 'schemaMap',
  'additionalItems': 'schemaOrBool',
  'definitions': 'schemaMap',
  'externalDocs': leaves('description', 'url'),
  'x-kubernetes-validations': { list: VALIDATION_RULE },
};
const VERSION: Shape = {
  ...leaves('name', 'served', 'storage', 'deprecated', 'deprecationWarning'),
  schema: { openAPIV3Schema: 'schema' },
  subresources: { status: {}, scale: leaves('specReplicasPath', 'statusReplicasPath', 'labelSelectorPath') },
  additionalPrinterColumns: { list: leaves('name', 'type', 'format', 'description', 'priority', 'jsonPath') },
};
const WEBHOOK: Shape = {
  clientConfig: { url: 'any', service: leaves('namespace', 'name', 'path', 'port'), caBundle: 'any' },
  conversionReviewVersions: 'any',
};
const CRD: Shape = {
  ...leaves('apiVersion', 'kind', 'status'),
  metadata: 'meta',
  spec: {
    ...leaves('group', 'scope', 'preserveUnknownFields'),
    names: NAMES,
    versions: { list: VERSION },
    conversion: { strategy: 'any', webhook: WEBHOOK },
  },
};

/** Fields of later Kubernetes versions, for the fix hint. */
const LATER: Record<string, string> = {
  selectableFields: 'selectableFields needs Kubernetes 1.30 (1.29 behind a feature gate)',
  reason: 'reason on x-kubernetes-validations needs Kubernetes 1.28',
  fieldPath: 'fieldPath on x-kubernetes-validations needs Kubernetes 1.28',
  optionalOldSelf: 'optionalOldSelf needs Kubernetes 1.29',
};

/** Bound on nesting followed (a hostile schema must not recurse without end). */
const MAX_DEPTH = 100;

/** Unknown fields of a v1 CRD, as the strict decoder of a 1.27 API server reports them. */
export function crdUnknownFields(m: Record<string, any>): FieldIssue[] {
  const out: FieldIssue[] = [];
  walk(m, CRD, '', out, 0);
  return out;
}

function unknown(out: FieldIssue[], path: string, k: string): void {
  const p = child(path, k);
  out.push({ path: p, message: `strict decoding error: unknown field ${q(p)}`, fix: LATER[k] });
}

type Node = Shape | 'any' | 'schema' | 'schemaOrBool' | 'schemaMap' | 'schemaList' | 'meta' | ListOf;

function walk(v: unknown, shape: Node, path: string, out: FieldIssue[], depth: number): void {
  if (depth > MAX_DEPTH || shape === 'any') {
    return;
  }
  switch (shape) {
    case 'schema':
      if (isObj(v)) {
        walk(v, SCHEMA, path, out, depth + 1);
      } else if (Array.isArray(v)) {
        v.forEach((x, i) => walk(x, SCHEMA, index(path, i), out, depth + 1));
      }
      return;
    case 'schemaOrBool':
      if (isObj(v)) {
        walk(v, SCHEMA, path, out, depth + 1);
      }
      return;
    case 'schemaList':
      arr(v).forEach((x, i) => walk(x, SCHEMA, index(path, i), out, depth + 1));
      return;
    case 'schemaMap':
      if (isObj(v)) {
        for (const [k, x] of Object.entries(v)) {
          walk(x, SCHEMA, child(path, k), out, depth + 1);
        }
      }
      return;
    case 'meta':
      if (isObj(v)) {
        Object.keys(v).filter((k) => !OBJECT_META.has(k)).forEach((k) => unknown(out, path, k));
      }
      return;
    default:
      break;
  }
  if ('list' in shape && isObj(shape.list)) {
    // a list field holding something else is a type error of the decoder, not an unknown field
    arr(v).forEach((x, i) => walk(x, (shape as ListOf).list, index(path, i), out, depth + 1));
    return;
  }
  if (!isObj(v)) {
    return;
  }
  const fields = shape as Shape;
  for (const [k, x] of Object.entries(v)) {
    if (!Object.prototype.hasOwnProperty.call(fields, k)) {
      unknown(out, path, k);
    } else {
      walk(x, fields[k], child(path, k), out, depth + 1);
    }
  }
}
