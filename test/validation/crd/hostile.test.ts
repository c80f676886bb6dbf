/**
 * Hostile input stays harmless: CRD schemas and CEL rules come from the files being validated. A
 * `pattern` is RE2 (linear time), CEL evaluation is bounded like the API server's cost limits, and
 * a document crafted to be slow is reported, not waited on.
 */
import { ManifestValidator } from '../../../src/validation';

function crd(schema: any): any {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}

function widget(spec: any): any {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec };
}

function timed<T>(fn: () => T): { result: T; ms: number } {
  const start = Date.now();
  const result = fn();
  return { result, ms: Date.now() - start };
}

const v = new ManifestValidator({ lint: false });

describe('hostile CRDs and custom resources', () => {
  test('a catastrophic-backtracking pattern on a 50k-character string validates in linear time', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } } } };
    const { result, ms } = timed(() => v.validate([crd(schema), widget({ s: `${'a'.repeat(50_000)}!` })]));
    expect(ms).toBeLessThan(2_000);
    expect(result.map((f) => f.ruleId)).toContain('CR-VALUE');
  });

  test('matches() in a CEL rule runs on RE2 too', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          'type': 'object',
          'x-kubernetes-validations': [{ rule: 'self.s.matches(\'^(a|aa)+$\')', message: 'only a' }],
          'properties': { s: { type: 'string' } },
        },
      },
    };
    const { result, ms } = timed(() => v.validate([crd(schema), widget({ s: `${'a'.repeat(50_000)}b` })]));
    expect(ms).toBeLessThan(2_000);
    expect(result.filter((f) => f.ruleId === 'CR-CEL-RULE').map((f) => f.message)).toEqual(['Invalid value: "object": only a']);
  });

  test('nested comprehensions over large lists are reported, not evaluated', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          'type': 'object',
          'x-kubernetes-validations': [{ rule: 'self.l.all(a, self.l.all(b, self.l.all(c, a + b + c >= 0)))' }],
          'properties': { l: { type: 'array', items: { type: 'integer' } } },
        },
      },
    };
    const list = Array.from({ length: 5_000 }, (_, i) => i);
    const { result, ms } = timed(() => v.validate([crd(schema), widget({ l: list })]));
    expect(ms).toBeLessThan(2_000);
    const infos = result.filter((f) => f.ruleId === 'CR-UNEVALUATED');
    expect(infos.map((f) => f.message)).toEqual([
      'rule not evaluated: its cost bound (3 nested comprehension(s) over 5002 values) exceeds the per-call limit 1000000: '
        + 'self.l.all(a, self.l.all(b, self.l.all(c, a + b + c >= 0)))',
    ]);
  });

  test('a deeply nested schema and object do not overflow the stack', () => {
    let schema: any = { type: 'string' };
    let value: any = 'x';
    for (let i = 0; i < 5_000; i++) {
      schema = { type: 'object', properties: { n: schema } };
      value = { n: value };
    }
    const { result, ms } = timed(() => v.validate([crd({ type: 'object', properties: { spec: schema } }), widget(value)]));
    expect(ms).toBeLessThan(2_000);
    expect(result.some((f) => f.ruleId === 'CR-UNEVALUATED')).toBe(true);
  });

  test('a huge rule and a deeply parenthesised rule are not evaluated', () => {
    const rules = [{ rule: `${'('.repeat(500)}true${')'.repeat(500)}` }, { rule: `${'1 + '.repeat(5_000)}1 > 0` }];
    const schema = { type: 'object', properties: { spec: { 'type': 'object', 'x-kubernetes-validations': rules } } };
    const { result, ms } = timed(() => v.validate([crd(schema), widget({})]));
    expect(ms).toBeLessThan(2_000);
    expect(result.filter((f) => f.ruleId === 'CR-UNEVALUATED')).toHaveLength(2);
    expect(result.filter((f) => f.ruleId === 'CR-CEL-RULE')).toEqual([]);
  });

  test('a wide object against combinators is bounded', () => {
    const branch = { properties: { x: { minLength: 1 } } };
    const items: any = { type: 'object', properties: { x: { type: 'string' } }, anyOf: [branch, branch], allOf: [branch, { anyOf: [branch, branch] }] };
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { l: { type: 'array', items } } } } };
    const list = Array.from({ length: 100_000 }, () => ({ x: 'y' }));
    const { ms } = timed(() => v.validate([crd(schema), widget({ l: list })]));
    expect(ms).toBeLessThan(10_000); // generous: the test machine is shared; the work is bounded by MAX_STEPS
  });
});
