/**
 * CustomResourceDefinitions (apiextensions.k8s.io/v1) and the custom resources they define.
 *
 * The CRD rules follow `ValidateCustomResourceDefinition` of kubernetes/apiextensions-apiserver at
 * release-1.27 (v0.27.9: pkg/apis/apiextensions/validation/validation.go and the structural-schema
 * rules of pkg/apiserver/schema/validation.go). The custom-resource rules follow what a 1.27 API
 * server does with a custom resource: strict field validation against the structural schema (pruning
 * reports unknown fields), kube-openapi's schema validation (pkg/apiserver/validation), list-type
 * checks (pkg/apiserver/schema/listtype) and the `x-kubernetes-validations` CEL rules
 * (pkg/apiserver/schema/cel). Custom resources are validated by `crd/custom-resources.ts`, called
 * by the manifest validator instead of the built-in schema check.
 */
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { KindCheck } from './module';

const E = Severity.ERROR;
const I = Severity.INFO;
const SRC = 'apiextensions-apiserver v0.27.9 pkg/apis/apiextensions/validation ValidateCustomResourceDefinition';
const SRC_STRUCT = 'apiextensions-apiserver v0.27.9 pkg/apiserver/schema ValidateStructural (via ValidateCustomResourceDefinition)';
const SRC_CR = 'apiextensions-apiserver v0.27.9 pkg/apiserver/validation ValidateCustomResource (kube-openapi validate)';

export const RULES = defineRules({
  'CRD-NAME': { layer: 'api', severity: E, summary: 'CRD metadata.name is not <spec.names.plural>.<spec.group>', fix: 'name the CRD <plural>.<group>, e.g. certificates.cert-manager.io', source: SRC },
  'CRD-API-APPROVAL': { layer: 'api', severity: E, summary: 'CRD in a protected group (*.k8s.io, *.kubernetes.io) without a valid api-approved.kubernetes.io annotation', fix: 'annotate api-approved.kubernetes.io with the URL of the approving PR, or use a group of your own', source: SRC },
  'CRD-GROUP': { layer: 'api', severity: E, summary: 'CRD spec.group missing, not a DNS-1123 subdomain, or without a dot', fix: 'use a domain you own with at least one dot, e.g. example.com', source: SRC },
  'CRD-NAMES': { layer: 'api', severity: E, summary: 'CRD spec.names: plural/singular/kind/listKind missing or not DNS-1035 labels (kinds may have mixed case), kind equal to listKind, bad shortNames/categories', fix: 'plural and singular lower-case (e.g. widgets, widget), kind CamelCase (Widget), listKind WidgetList', source: SRC },
  'CRD-SCOPE': { layer: 'api', severity: E, summary: 'CRD spec.scope not Cluster or Namespaced', fix: 'set scope: Namespaced or scope: Cluster', source: SRC },
  'CRD-VERSIONS': { layer: 'api', severity: E, summary: 'CRD versions: names not unique or not DNS-1035 labels, not exactly one storage version, bad deprecationWarning', fix: 'give each version a unique name such as v1 or v1beta1 and mark exactly one storage: true', source: SRC },
  'CRD-SCHEMA-REQUIRED': { layer: 'api', severity: E, summary: 'CRD version without schema.openAPIV3Schema (apiextensions.k8s.io/v1 requires one per version)', fix: 'add schema.openAPIV3Schema (type: object, with x-kubernetes-preserve-unknown-fields: true if the resource is free-form)', source: SRC },
  'CRD-SCHEMA-STRUCTURAL': { layer: 'api', severity: E, summary: 'CRD schema is not structural or uses a forbidden construct (type missing, additionalProperties with properties, metadata beyond name/generateName, $ref, invalid list/map types, bad pattern, ...)', fix: 'give every property a type, keep value validations (allOf/anyOf/oneOf/not) free of type/default/description', source: SRC_STRUCT },
  'CRD-SCHEMA-DEFAULT': { layer: 'api', severity: E, summary: 'CRD schema default that its own schema rejects (type, enum, bounds, pattern, ...) or that holds unknown (pruned) fields', fix: 'make the default a value the field accepts', source: 'apiextensions-apiserver v0.27.9 pkg/apiserver/schema/defaulting ValidateDefaults' },
  'CRD-CONVERSION': { layer: 'api', severity: E, summary: 'CRD conversion: strategy not None/Webhook, webhook client config missing or set with None, bad conversionReviewVersions', fix: 'use strategy: None, or strategy: Webhook with webhook.clientConfig (url or service) and conversionReviewVersions: [v1]', source: SRC },
  'CRD-SUBRESOURCES': { layer: 'api', severity: E, summary: 'CRD scale subresource paths missing or not simple JSON paths under .spec/.status', fix: 'e.g. specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas', source: SRC },
  'CRD-PRINTER-COLUMNS': { layer: 'api', severity: E, summary: 'CRD additionalPrinterColumns: name/type/jsonPath missing, type or format not supported, jsonPath not starting with .', fix: 'type one of integer, number, string, boolean, date; jsonPath such as .spec.replicas', source: SRC },
  'CRD-VALIDATION-RULES': { layer: 'api', severity: E, summary: 'CRD x-kubernetes-validations entry without rule, with an empty message or messageExpression, or with line breaks in the message', fix: 'give every validation a rule and a one-line message', source: SRC },
  'CR-TYPE': { layer: 'schema', severity: E, summary: 'custom resource value of the wrong type for its CRD schema', fix: 'write the value with the type the CRD schema gives (numbers unquoted, strings quoted)', source: SRC_CR },
  'CR-REQUIRED': { layer: 'schema', severity: E, summary: 'custom resource without a field its CRD schema marks required', fix: 'add the field', source: SRC_CR },
  'CR-VALUE': { layer: 'schema', severity: E, summary: 'custom resource value violates its CRD schema (enum, minimum/maximum, lengths, item/property counts, pattern, format, allOf/anyOf/oneOf/not)', fix: 'change the value to what the CRD schema allows', source: SRC_CR },
  'CR-LIST-DUPLICATE': { layer: 'schema', severity: E, summary: 'custom resource list with x-kubernetes-list-type set/map holding a duplicate item or key', fix: 'remove the duplicate entry', source: 'apiextensions-apiserver v0.27.9 pkg/apiserver/schema/listtype' },
  'CR-VERSION': { layer: 'schema', severity: E, summary: 'custom resource of a version its CRD (in the set) does not serve', fix: 'use a served version of the CRD', source: 'apiextensions-apiserver v0.27.9 (kubectl: no matches for kind in version)' },
  'CR-CEL-RULE': { layer: 'api', severity: E, summary: 'custom resource fails an x-kubernetes-validations CEL rule of its CRD', fix: 'change the object so that the rule holds (the message says what it requires)', source: 'apiextensions-apiserver v0.27.9 pkg/apiserver/schema/cel Validator' },
  'CR-UNEVALUATED': { layer: 'api', severity: I, summary: 'part of a custom resource could not be checked here (a CEL rule using a function or type not modelled, or input over the evaluation bounds): the API server decides', fix: 'check the object with kubectl apply --dry-run=server', source: 'this validator (bounds after the 1.27 CEL cost limits)' },
});

/** The checks of CustomResourceDefinitions (custom resources are validated by `CustomResources`). */
export const CHECKS: readonly KindCheck[] = [
  {
    kinds: ['CustomResourceDefinition'],
    check: (r, m) => {
      if (m.apiVersion === 'apiextensions.k8s.io/v1') {
        // loaded at the first CRD: runs without one do not pay for the CRD engine
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { validateCrd }: typeof import('../crd/definition') = require('../crd/definition');
        validateCrd(r, m);
      }
    },
  },
];

export const APIEXTENSIONS = {
  name: 'apiextensions',
  title: 'CustomResourceDefinitions and custom resources (schemas, list types, CEL rules)',
  rules: RULES,
  checks: CHECKS,
} as const;
