/**
 * Custom resources validated against the CRDs of the set as a 1.27 API server does: strict field
 * validation, kube-openapi value validation, list types, x-kubernetes-validations (CEL).
 */
import { crdFindings, docs, widgetCrd } from './helpers';

const SCHEMA = `type: object
properties:
  spec:
    type: object
    required: [size]
    properties:
      size: { type: integer, minimum: 1, maximum: 10 }
      mode: { type: string, enum: [fast, slow], default: fast }
      name: { type: string, minLength: 2, maxLength: 5, pattern: "^[a-z]+$" }
      port: { x-kubernetes-int-or-string: true }
      id: { type: string, format: uuid }
      when: { type: string, format: date-time }
      tags: { type: array, maxItems: 2, items: { type: string }, x-kubernetes-list-type: set }
      ports:
        type: array
        x-kubernetes-list-type: map
        x-kubernetes-list-map-keys: [name]
        items:
          type: object
          required: [name]
          properties: { name: { type: string }, port: { type: integer } }
      labels: { type: object, additionalProperties: { type: string }, maxProperties: 2 }
      extra: { type: object, x-kubernetes-preserve-unknown-fields: true }
      template: { type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true }
      choice:
        type: object
        properties: { a: { type: string }, b: { type: string } }
        oneOf: [ { required: [a] }, { required: [b] } ]
      optional: { type: string }
  status:
    type: object
    properties:
      phase: { type: string }`;

function cr(spec: string, extra = ''): string {
  return `${widgetCrd(SCHEMA)}---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w, namespace: default }
spec: ${spec}
${extra}`;
}

const W = 'Widget/w';

describe('custom resources against their CRD schema', () => {
  test('a valid object has no finding (defaults, int-or-string, preserve-unknown, embedded resource, nullable nulls pruned)', () => {
    const text = cr(`{ size: 3, name: abc, port: http, id: 123e4567-e89b-12d3-a456-426614174000, when: "2024-01-02T03:04:05Z", tags: [a, b],
  ports: [ { name: a, port: 1 }, { name: b, port: 1 } ], labels: { x: y }, extra: { anything: [1, 2] },
  template: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { x: 1 } }, choice: { a: x }, optional: null }`);
    expect(crdFindings(text)).toEqual([]);
  });

  test('types, bounds, enum, lengths, pattern, format, required, counts', () => {
    const text = cr('{ size: 11, mode: medium, name: "A", port: 1.5, id: nope, when: yesterday, tags: [a, b, c], labels: { a: x, b: y, c: 1 } }');
    expect(crdFindings(text)).toEqual([
      `CR-VALUE ${W} spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10`,
      `CR-VALUE ${W} spec.mode: Unsupported value: "medium": supported values: "fast", "slow"`,
      `CR-VALUE ${W} spec.name: Invalid value: "A": spec.name in body should be at least 2 chars long`,
      `CR-VALUE ${W} spec.name: Invalid value: "A": spec.name in body should match '^[a-z]+$'`,
      `CR-TYPE ${W} spec.port: Invalid value: 1.5: spec.port in body must be of type integer,string: "number"`,
      `CR-VALUE ${W} spec.id: Invalid value: "nope": spec.id in body must be of type uuid: "nope"`,
      `CR-VALUE ${W} spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"`,
      `CR-VALUE ${W} spec.tags: Too many: 3: must have at most 2 items`,
      `CR-VALUE ${W} spec.labels: Too many: 3: must have at most 2 items`,
      `CR-TYPE ${W} spec.labels.c: Invalid value: 1: spec.labels.c in body must be of type string: "integer"`,
    ]);
  });

  test('required fields, wrong types, too long strings', () => {
    expect(crdFindings(cr('{ name: abcdefgh, tags: "a" }'))).toEqual([
      `CR-REQUIRED ${W} spec.size: Required value`,
      `CR-VALUE ${W} spec.name: Too long: may not be longer than 5`,
      `CR-TYPE ${W} spec.tags: Invalid value: "a": spec.tags in body must be of type array: "string"`,
    ]);
  });

  test('unknown fields are rejected by strict field validation, except under x-kubernetes-preserve-unknown-fields', () => {
    const text = cr('{ size: 1, sise: 2, extra: { free: 1 }, ports: [ { name: a, prot: 1 } ] }', 'status: { phase: x, foo: 1 }\nextraTop: 1\n');
    expect(crdFindings(text)).toEqual([
      `SCHEMA-UNKNOWN-FIELD ${W} spec.sise: strict decoding error: unknown field "spec.sise"`,
      `SCHEMA-UNKNOWN-FIELD ${W} spec.ports[0].prot: strict decoding error: unknown field "spec.ports[0].prot"`,
      `SCHEMA-UNKNOWN-FIELD ${W} status.foo: strict decoding error: unknown field "status.foo"`,
      `SCHEMA-UNKNOWN-FIELD ${W} extraTop: strict decoding error: unknown field "extraTop"`,
    ]);
  });

  test('unknown metadata fields of the object are rejected', () => {
    const text = `${widgetCrd(SCHEMA)}---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w, namespace: default, label: { a: b } }
spec: { size: 1 }
`;
    expect(crdFindings(text)).toEqual([`SCHEMA-UNKNOWN-FIELD ${W} metadata.label: strict decoding error: unknown field "metadata.label"`]);
  });

  test('list types: duplicates of a set and keys of a map', () => {
    expect(crdFindings(cr('{ size: 1, tags: [a, a], ports: [ { name: a }, { name: a, port: 2 } ] }'))).toEqual([
      `CR-LIST-DUPLICATE ${W} spec.tags[1]: Duplicate value: "a"`,
      `CR-LIST-DUPLICATE ${W} spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a"}`,
    ]);
  });

  test('oneOf / not / anyOf value validations', () => {
    expect(crdFindings(cr('{ size: 1, choice: { a: x, b: y } }'))).toEqual([
      `CR-VALUE ${W} spec.choice: Invalid value: "": spec.choice in body must validate one and only one schema (oneOf)`,
    ]);
  });

  test('a version the CRD does not serve', () => {
    const text = `${widgetCrd(SCHEMA)}---
apiVersion: example.com/v2
kind: Widget
metadata: { name: w }
spec: { size: 1 }
`;
    expect(crdFindings(text)).toEqual([`CR-VERSION ${W} apiVersion: no matches for kind "Widget" in version "example.com/v2"`]);
  });

  test('a custom resource without a CRD in sight stays an info finding', () => {
    const text = 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: { name: g }\nspec: { anything: 1 }\n';
    expect(crdFindings(text)).toEqual(['SCHEMA-UNKNOWN-KIND Gadget/g : no 1.27 schema for example.com/v1/Gadget; only metadata was checked']);
  });

  test('CRDs given besides the set (customResourceDefinitions / --crd)', () => {
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: 0 }\n';
    expect(crdFindings(text, docs(widgetCrd(SCHEMA)))).toEqual([`CR-VALUE ${W} spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1`]);
  });

  test('status is not validated on create when the status subresource is on', () => {
    const crd = widgetCrd(SCHEMA, '    subresources: { status: {} }\n');
    const text = `${crd}---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w }
spec: { size: 1 }
status: { phase: 1, other: true }
`;
    expect(crdFindings(text)).toEqual([]);
  });
});

const CEL_SCHEMA = `type: object
x-kubernetes-validations:
- rule: "self.metadata.name.startsWith('w')"
  message: name must start with w
properties:
  spec:
    type: object
    x-kubernetes-validations:
    - rule: "self.min <= self.max"
      message: min must not exceed max
    - rule: "!has(self.name) || self.name.matches('^[a-z]+$')"
    - rule: "self.replicas == oldSelf.replicas"
      message: replicas are immutable
    - rule: "self.items.all(i, i.size() < 4)"
      messageExpression: "'items must be shorter than 4, got ' + string(self.items.size()) + ' items'"
    - rule: "self.min.isSorted()"
    properties:
      min: { type: integer }
      max: { type: integer, default: 10 }
      replicas: { type: integer }
      name: { type: string }
      items: { type: array, items: { type: string } }
      price: { type: number, x-kubernetes-validations: [ { rule: "self >= 0.5" } ] }`;

function celCr(spec: string, name = 'w'): string {
  return `${widgetCrd(CEL_SCHEMA)}---
apiVersion: example.com/v1
kind: Widget
metadata: { name: ${name} }
spec: ${spec}
`;
}

describe('x-kubernetes-validations (CEL)', () => {
  test('rules that hold report nothing; transition rules are skipped on create', () => {
    expect(crdFindings(celCr('{ min: 1, max: 2, name: abc, replicas: 3, items: [a], price: 1.5 }')).filter((f) => !f.includes('isSorted'))).toEqual([]);
  });

  test('failing rules report their message, messageExpression or the rule', () => {
    expect(crdFindings(celCr('{ min: 11, name: "ABC", items: [abcd], price: 0.25 }', 'x')).filter((f) => !f.includes('isSorted'))).toEqual([
      'CR-CEL-RULE Widget/x spec.price: Invalid value: "number": failed rule: self >= 0.5',
      'CR-CEL-RULE Widget/x spec: Invalid value: "object": min must not exceed max',
      'CR-CEL-RULE Widget/x spec: Invalid value: "object": failed rule: !has(self.name) || self.name.matches(\'^[a-z]+$\')',
      'CR-CEL-RULE Widget/x spec: Invalid value: "object": items must be shorter than 4, got 1 items',
      'CR-CEL-RULE Widget/x : Invalid value: "object": name must start with w',
    ]);
  });

  test('a rule that cannot be evaluated here is an info finding, never a guess', () => {
    // (a missing key is an error on the API server too, but its message is cel-go's: not guessed here)
    const found = crdFindings(celCr('{ min: 1, max: 2 }'));
    expect(found).toEqual([
      'CR-UNEVALUATED Widget/w spec: rule not evaluated here (No such key: items): self.items.all(i, i.size() < 4)',
      'CR-UNEVALUATED Widget/w spec: rule not evaluated here (found no matching overload for \'int.isSorted()\'): self.min.isSorted()',
    ]);
  });

  test('CEL rules are skipped when the object has type, required, too-long or too-many errors (as the 1.27 API server does)', () => {
    expect(crdFindings(celCr('{ min: "1", max: 0 }'))).toEqual([
      'CR-TYPE Widget/w spec.min: Invalid value: "1": spec.min in body must be of type integer: "string"',
      'CR-UNEVALUATED Widget/w : some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  test('a rule not evaluated on every item of a list is reported once per object', () => {
    const schema = `type: object
properties:
  spec:
    type: object
    properties:
      urls:
        type: array
        items: { type: string, x-kubernetes-validations: [ { rule: "isURL(self)", message: must be a URL } ] }`;
    const text = `${widgetCrd(schema)}---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w }
spec: { urls: [a, b, c] }
`;
    expect(crdFindings(text)).toEqual([
      'CR-UNEVALUATED Widget/w spec.urls[0]: rule not evaluated here (found no matching overload for \'isURL(dyn)\'): must be a URL (and at 2 other places of this object)',
    ]);
  });
});
