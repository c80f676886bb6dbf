/**
 * CustomResourceDefinitions validated as `ValidateCustomResourceDefinition` of apiextensions-apiserver
 * v0.27.9 does (messages asserted in full).
 */
import { crdFindings, widgetCrd } from './helpers';

const OBJECT = 'type: object\nproperties:\n  spec:\n    type: object\n    properties:\n      size: { type: integer }';

describe('CustomResourceDefinition', () => {
  test('a well-formed CRD has no finding', () => {
    expect(crdFindings(widgetCrd(OBJECT))).toEqual([]);
  });

  test('name, group, scope, names', () => {
    // GIVEN a CRD with every naming defect
    const text = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widget.example.com
spec:
  group: example
  scope: Global
  names: { plural: Widgets, kind: Widget, listKind: Widget, shortNames: [w_1], categories: [all] }
  versions:
  - { name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }
`;
    // THEN each is reported with the API server's message
    expect(crdFindings(text)).toEqual([
      'CRD-NAME CustomResourceDefinition/widget.example.com metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group',
      'CRD-GROUP CustomResourceDefinition/widget.example.com spec.group: Invalid value: "example": should be a domain with at least one dot',
      'CRD-SCOPE CustomResourceDefinition/widget.example.com spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
      'CRD-NAMES CustomResourceDefinition/widget.example.com spec.names.plural: Invalid value: "Widgets": a DNS-1035 label must consist of lower case '
        + 'alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', '
        + 'regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
      'CRD-NAMES CustomResourceDefinition/widget.example.com spec.names.shortNames[0]: Invalid value: "w_1": a DNS-1035 label must consist of lower case '
        + 'alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', '
        + 'regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
      'CRD-NAMES CustomResourceDefinition/widget.example.com spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
    ]);
  });

  test('versions: storage, uniqueness, schema required, deprecation warning', () => {
    const text = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, kind: Widget }
  versions:
  - { name: v1, served: true, storage: false, deprecationWarning: "old", schema: { openAPIV3Schema: { type: object } } }
  - { name: v1, served: true, storage: false }
  - { name: V2, served: false, storage: false, schema: { openAPIV3Schema: { type: object } } }
`;
    expect(crdFindings(text)).toEqual([
      'CRD-VERSIONS CustomResourceDefinition/widgets.example.com spec.versions[0].deprecationWarning: Invalid value: "old": can only be set for deprecated versions',
      'CRD-SCHEMA-REQUIRED CustomResourceDefinition/widgets.example.com spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required',
      'CRD-VERSIONS CustomResourceDefinition/widgets.example.com spec.versions[2].name: Invalid value: "V2": a DNS-1035 label must consist of lower case '
        + 'alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', '
        + 'regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
      'CRD-VERSIONS CustomResourceDefinition/widgets.example.com spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must contain unique version names',
      'CRD-VERSIONS CustomResourceDefinition/widgets.example.com spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version marked as storage version',
    ]);
  });

  test('structural schema rules', () => {
    const schema = `type: object
properties:
  metadata:
    type: object
    properties:
      labels: { type: object }
  spec:
    properties:
      a: { type: string, pattern: "(" }
      b: { type: object, properties: { x: { type: string } }, additionalProperties: { type: string } }
      c: { type: array }
      d: { type: array, items: { type: string }, x-kubernetes-list-type: map }
      e: { type: string, x-kubernetes-preserve-unknown-fields: false }
      f: { type: object, anyOf: [ { type: object, description: nested } ] }
      g: { x-kubernetes-int-or-string: true }
      h: { type: array, items: { type: string }, uniqueItems: true }
      i: { $ref: "#/definitions/x", type: string }`;
    expect(crdFindings(widgetCrd(schema))).toEqual([
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[a].pattern: '
        + 'Invalid value: "(": must be a valid regular expression, but isn\'t: error parsing regexp: missing closing ): `(`',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[b].additionalProperties: '
        + 'Forbidden: additionalProperties and properties are mutual exclusive',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[c].items: Required value: must be specified',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[d].x-kubernetes-list-map-keys: '
        + 'Required value: must not be empty if x-kubernetes-list-type is map',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[d].items.type: '
        + 'Invalid value: "string": must be object if parent array\'s x-kubernetes-list-type is map',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[e].x-kubernetes-preserve-unknown-fields: '
        + 'Invalid value: false: must be true or undefined',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[f].anyOf[0].type: '
        + 'Forbidden: must be empty to be structural',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[f].anyOf[0].description: '
        + 'Forbidden: must be empty to be structural',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[h].uniqueItems: '
        + 'Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[i].$ref: Forbidden: $ref is not supported',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].type: '
        + 'Required value: must not be empty for specified object fields',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[metadata]: '
        + 'Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
    ]);
  });

  test('a root schema that is not an object, and nullable at the root', () => {
    expect(crdFindings(widgetCrd('type: string\nnullable: true'))).toEqual([
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.nullable: Forbidden: nullable cannot be true at the root',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root',
    ]);
  });

  test('the int-or-string patterns and metadata name restrictions are structural', () => {
    const schema = `type: object
properties:
  metadata:
    type: object
    properties:
      name: { type: string, maxLength: 20 }
  spec:
    type: object
    properties:
      port:
        x-kubernetes-int-or-string: true
        anyOf: [ { type: integer }, { type: string } ]
      ports:
        type: array
        x-kubernetes-list-type: map
        x-kubernetes-list-map-keys: [name]
        items:
          type: object
          required: [name]
          properties: { name: { type: string } }
      free: { type: object, x-kubernetes-preserve-unknown-fields: true }
      labels: { type: object, additionalProperties: { type: string } }`;
    expect(crdFindings(widgetCrd(schema))).toEqual([]);
  });

  test('conversion, subresources, printer columns, validation rules', () => {
    const text = widgetCrd('type: object\nx-kubernetes-validations:\n- rule: ""\n- rule: "self.x > 0"\n  message: " "',
      `    subresources:
      scale: { specReplicasPath: spec.replicas, statusReplicasPath: .spec.replicas }
    additionalPrinterColumns:
    - { name: Size, type: int, jsonPath: .spec.size }
    - { name: Age, type: date, jsonPath: metadata.creationTimestamp }
`).replace('  versions:', '  conversion:\n    strategy: Webhook\n    webhook: { conversionReviewVersions: [v2] }\n  versions:');
    expect(crdFindings(text)).toEqual([
      'CRD-VALIDATION-RULES CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[0].rule: Required value: rule is not specified',
      'CRD-VALIDATION-RULES CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[1].message: '
        + 'Invalid value: " ": message must be non-empty if specified',
      'CRD-SUBRESOURCES CustomResourceDefinition/widgets.example.com spec.versions[0].subresources.scale.specReplicasPath: Invalid value: "spec.replicas": must be a simple json path starting with .',
      'CRD-SUBRESOURCES CustomResourceDefinition/widgets.example.com spec.versions[0].subresources.scale.statusReplicasPath: Invalid value: ".spec.replicas": should be a json path under .status',
      'CRD-PRINTER-COLUMNS CustomResourceDefinition/widgets.example.com spec.versions[0].additionalPrinterColumns[0].type: Invalid value: "int": must be one of boolean,date,integer,number,string',
      'CRD-PRINTER-COLUMNS CustomResourceDefinition/widgets.example.com spec.versions[0].additionalPrinterColumns[1].jsonPath: Invalid value: "metadata.creationTimestamp": must be a simple json path starting with .',
      'CRD-CONVERSION CustomResourceDefinition/widgets.example.com spec.conversion.webhook.clientConfig: Required value: required when strategy is set to Webhook',
      'CRD-CONVERSION CustomResourceDefinition/widgets.example.com spec.conversion.webhook.conversionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1',
    ]);
  });

  test('strict decoding: unknown fields, and fields of later releases', () => {
    const text = widgetCrd('type: object\nx-kubernetes-validations:\n- { rule: "self.x > 0", fieldPath: .x }\nproperties:\n  spec: { type: object, descripton: typo }',
      '    selectableFields: [{ jsonPath: .spec.size }]\n');
    expect(crdFindings(text)).toEqual([
      'SCHEMA-UNKNOWN-FIELD CustomResourceDefinition/widgets.example.com spec.versions[0].selectableFields: strict decoding error: unknown field "spec.versions[0].selectableFields"',
      'SCHEMA-UNKNOWN-FIELD CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[0].fieldPath: '
        + 'strict decoding error: unknown field "spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[0].fieldPath"',
      'SCHEMA-UNKNOWN-FIELD CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties.spec.descripton: '
        + 'strict decoding error: unknown field "spec.versions[0].schema.openAPIV3Schema.properties.spec.descripton"',
    ]);
  });

  test('protected groups need the api-approved.kubernetes.io annotation; spec.preserveUnknownFields: true is refused', () => {
    const text = widgetCrd('type: object').replace(/example\.com/g, 'example.k8s.io').replace('  scope: Namespaced', '  scope: Namespaced\n  preserveUnknownFields: true');
    expect(crdFindings(text)).toEqual([
      'CRD-API-APPROVAL CustomResourceDefinition/widgets.example.k8s.io metadata.annotations[api-approved.kubernetes.io]: '
        + 'Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
      'CRD-SCHEMA-STRUCTURAL CustomResourceDefinition/widgets.example.k8s.io spec.preserveUnknownFields: '
        + 'Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    ]);
    const invalid = widgetCrd('type: object').replace(/example\.com/g, 'example.k8s.io')
      .replace('  name: widgets.example.k8s.io', '  name: widgets.example.k8s.io\n  annotations: {api-approved.kubernetes.io: "yes"}');
    expect(crdFindings(invalid)).toEqual([
      'CRD-API-APPROVAL CustomResourceDefinition/widgets.example.k8s.io metadata.annotations[api-approved.kubernetes.io]: Invalid value: "yes": '
        + 'protected groups must have approval annotation "api-approved.kubernetes.io" with either a URL or a reason starting with "unapproved", '
        + 'see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
  });

  test('defaults must pass their own schema and hold no unknown fields', () => {
    const schema = `type: object
properties:
  spec:
    type: object
    properties:
      mode: { type: string, enum: [fast, slow], default: medium }
      size: { type: integer, maximum: 10, default: 20 }
      name: { type: string, default: 3 }
      opts: { type: object, properties: { a: { type: string } }, default: { a: x, b: y } }
      ok: { type: object, properties: { a: { type: string, default: x } }, required: [a], default: {} }
      labels: { type: object, additionalProperties: { type: string, default: 1 } }`;
    expect(crdFindings(widgetCrd(schema))).toEqual([
      'CRD-SCHEMA-DEFAULT CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[mode].default: '
        + 'Unsupported value: "medium": supported values: "fast", "slow"',
      'CRD-SCHEMA-DEFAULT CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].default: '
        + 'Invalid value: 20: in body should be less than or equal to 10',
      'CRD-SCHEMA-DEFAULT CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[name].default: '
        + 'Invalid value: 3: in body must be of type string: "integer"',
      'CRD-SCHEMA-DEFAULT CustomResourceDefinition/widgets.example.com spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[opts].default: '
        + 'Invalid value: {"a":"x","b":"y"}: must not have unknown fields',
    ]);
  });
});
