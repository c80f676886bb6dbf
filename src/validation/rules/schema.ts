/**
 * The structure layer's rules (strict decoding against the 1.27 OpenAPI schemas). The engine is
 * `src/validation/schema.ts`; enum and required-field findings whose field has an API-server rule
 * of its own are reported under that rule's id.
 */
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const W = Severity.WARNING;
const I = Severity.INFO;
const DECODE = 'strict decoding (kubectl apply --validate=strict, k8s.io/apimachinery/pkg/runtime/serializer/json, release-1.27)';

export const RULES = defineRules({
  'SCHEMA-UNKNOWN-FIELD': { layer: 'schema', severity: E, summary: 'field not in the 1.27 schema (typo, misplaced key, 1.28+ field); strict decoding rejects it', fix: 'remove the field or fix its spelling; fields added after 1.27 (e.g. native sidecars, restartPolicy on an init container) need a newer cluster', source: DECODE },
  'SCHEMA-TYPE': { layer: 'schema', severity: E, summary: 'wrong JSON type (e.g. containerPort: "80")', fix: 'write the value with the type the field has (numbers unquoted, strings quoted)', source: DECODE },
  'SCHEMA-REQUIRED': { layer: 'schema', severity: W, summary: 'field the 1.27 OpenAPI schema marks required is missing (the decoder does not enforce it; the rules that the API server does enforce have ids of their own)', fix: 'add the field', source: '1.27 OpenAPI v2 schema, `required` lists (not enforced by the decoder)' },
  'SCHEMA-ENUM': { layer: 'schema', severity: E, summary: 'value not one of the field\'s allowed values', fix: 'use one of the supported values', source: '1.27 OpenAPI v2 schema enums (the validation functions of each field reject other values)' },
  'SCHEMA-QUANTITY': { layer: 'schema', severity: E, summary: 'unparsable resource quantity (e.g. "10 Gi")', fix: 'write a quantity such as 500m, 128Mi, 10Gi (no space)', source: 'resource.ParseQuantity (k8s.io/apimachinery/pkg/api/resource, release-1.27)' },
  'SCHEMA-BASE64': { layer: 'schema', severity: E, summary: 'binaryData value is not base64', fix: 'base64-encode the value', source: DECODE },
  'SCHEMA-INVALID-DOCUMENT': { layer: 'schema', severity: E, summary: 'document is not an object with apiVersion and kind', fix: 'every document must be a Kubernetes object with apiVersion and kind', source: 'kubectl resource builder: "Object \'Kind\' is missing"' },
  'SCHEMA-API-VERSION': { layer: 'schema', severity: E, summary: 'built-in apiVersion that Kubernetes 1.27 does not serve (e.g. extensions/v1beta1)', fix: 'use the apiVersion the kind has in 1.27 (e.g. apps/v1 for Deployment)', source: 'REST mapping of a 1.27 API server: "no matches for kind"' },
  'SCHEMA-UNKNOWN-KIND': { layer: 'schema', severity: I, summary: 'no 1.27 schema for this apiVersion/kind (custom resource or removed API): structure not checked', fix: 'if this is a built-in kind, check the apiVersion; for a custom resource, add its CRD to the set', source: 'REST mapping (custom resources need their CRD)' },
});

export const SCHEMA_MODULE = {
  name: 'structure',
  title: 'Structure: strict decoding against the 1.27 schemas (engine: src/validation/schema.ts)',
  rules: RULES,
} as const satisfies RuleModule;
