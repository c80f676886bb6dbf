/**
 * YAML is decoded as kubectl 1.27 decodes it: sigs.k8s.io/yaml v1.3.0 `YAMLToJSON` over
 * gopkg.in/yaml.v2 v2.4.0 (YAML 1.1). The expected values follow go-yaml v2's resolve.go and
 * decode.go and sigs.k8s.io/yaml's yaml.go (see src/validation/decode.ts).
 */
import { ManifestValidator } from '../../src/validation';
import { decodeManifests, resolvePlain } from '../../src/validation/decode';
import * as decodeModule from '../../src/validation/decode';
import { decodeManifestsFast } from '../../src/validation/decode-fast';

function decodeOne(text: string): any {
  const r = decodeManifests(text, 'in.yaml', 0);
  expect(r.errors).toEqual([]);
  expect(r.docs).toHaveLength(1);
  return r.docs[0].manifest;
}

describe('plain scalars (go-yaml v2 resolve)', () => {
  test.each([
    // octal, hex, binary: Go's strconv.ParseInt(s, 0, 64) after removing every '_'
    ['0644', 420],
    ['0o644', 420],
    ['0O644', 420],
    ['0x1F', 31],
    ['-0x1F', -31],
    ['0b101', 5],
    ['-0b101', -5],
    ['1_000', 1000],
    ['0_644', 420],
    ['+1', 1],
    ['-0', 0],
    ['08', 8], // not octal: then a float
    ['99999999999999999999999', 1e23], // beyond uint64: a float
    // floats
    ['.5', 0.5],
    ['+.5', 0.5],
    ['1e3', 1000],
    ['1E+3', 1000],
    ['1.', 1],
    ['-1.5e-3', -0.0015],
    // the YAML 1.1 booleans, in the case forms go-yaml v2 lists
    ['y', true], ['Y', true], ['yes', true], ['Yes', true], ['YES', true], ['on', true], ['On', true], ['ON', true],
    ['true', true], ['True', true], ['TRUE', true],
    ['n', false], ['N', false], ['no', false], ['No', false], ['NO', false], ['off', false], ['Off', false], ['OFF', false],
    ['false', false], ['False', false], ['FALSE', false],
    // nulls
    ['~', null], ['null', null], ['Null', null], ['NULL', null], ['', null],
    // strings
    ['yES', 'yES'], ['oN', 'oN'], ['nULL', 'nULL'],
    ['1:30', '1:30'], // no sexagesimal numbers
    ['0x', '0x'],
    ['1e400', '1e400'], // out of float64 range
    ['0x1p-2', '0x1p-2'],
    ['2001-12-14', '2001-12-14'], // timestamps stay strings
    ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
    ['1.2.3', '1.2.3'],
    ['.', '.'],
    ['<<', '<<'],
    ['Infinity', 'Infinity'],
  ])('%j → %j', (text, value) => {
    expect(resolvePlain(text).value).toEqual(value);
    expect(decodeOne(`v: ${text}\n`)).toEqual({ v: value });
  });

  test('quoted, block and !!str scalars are strings', () => {
    expect(decodeOne('a: "0644"\nb: \'yes\'\nc: !!str on\nd: |\n  0644\ne: !!float 1\nf: !!binary aGVsbG8=\n'))
      .toEqual({ a: '0644', b: 'yes', c: 'on', d: '0644\n', e: 1, f: 'hello' });
  });

  test('keys become JSON strings as sigs.k8s.io/yaml converts them', () => {
    expect(decodeOne('on: a\ny: b\nn: c\n1: d\n0x10: e\n1.5: f\n1e6: g\n"yes": h\n')).toEqual({
      'true': 'b', // `on` and `y` are both the key true: the last one wins
      'false': 'c',
      '1': 'd',
      '16': 'e',
      '1.5': 'f',
      '1e+06': 'g',
      'yes': 'h',
    });
  });

  test('keys named like Object.prototype members, __proto__ included, are plain keys', () => {
    const m = decodeOne('__proto__: {polluted: true}\nconstructor: x\n');
    expect(Object.keys(m)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    expect(({} as any).polluted).toBeUndefined();
  });
});

describe('merge keys (go-yaml v2 decode.go: keys are set in document order)', () => {
  test('a merged map, an explicit key after it wins', () => {
    expect(decodeOne('base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3\n')).toEqual({ base: { a: 1, b: 2 }, m: { a: 1, b: 3 } });
  });

  test('a merge after an explicit key overrides it (go-yaml v2, unlike the YAML merge spec)', () => {
    expect(decodeOne('base: &b {a: 1}\nm:\n  a: 0\n  <<: *b\n')).toEqual({ base: { a: 1 }, m: { a: 1 } });
  });

  test('a list of maps: earlier maps take precedence', () => {
    expect(decodeOne('p: &p {a: 1}\nq: &q {a: 2, b: 2}\nm:\n  <<: [*p, *q]\n')).toEqual({ p: { a: 1 }, q: { a: 2, b: 2 }, m: { a: 1, b: 2 } });
  });

  test('a quoted "<<" is a plain key', () => {
    expect(decodeOne('"<<": {a: 1}\n')).toEqual({ '<<': { a: 1 } });
  });

  test('merged fields are reported at the line of the merged value', () => {
    const r = decodeManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: a\ndata:\n  <<: {x: "1"}\n', 'in.yaml', 0);
    expect(r.docs[0].lineOf!('data[x]')).toBe(6);
    expect(r.docs[0].lineOf!('metadata.name')).toBe(4);
  });
});

describe('duplicate keys: the last one wins, both lines are kept', () => {
  test('in a nested map', () => {
    const r = decodeManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    app.kubernetes.io/name: web\n    app.kubernetes.io/name: api\n', 'in.yaml', 0);
    const m = r.docs[0].manifest;
    expect(m.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'api' });
    expect(r.docs[0].duplicateKeys).toEqual([{
      path: 'metadata.labels[app.kubernetes.io/name]', key: 'app.kubernetes.io/name', firstLine: 6, lastLine: 7, firstColumn: 5, lastColumn: 5,
    }]);
    expect(r.docs[0].lineOf!('metadata.labels[app.kubernetes.io/name]')).toBe(7);
  });

  test('in the items of a kind: List, relative to each item', () => {
    const r = decodeManifests('apiVersion: v1\nkind: List\nitems:\n- kind: A\n- kind: B\n  kind: C\n', 'in.yaml', 0);
    expect(r.docs.map((d) => d.manifest)).toEqual([{ kind: 'A' }, { kind: 'C' }]);
    expect(r.docs[0].duplicateKeys ?? []).toEqual([]);
    expect(r.docs[1].duplicateKeys).toEqual([{ path: 'kind', key: 'kind', firstLine: 5, lastLine: 6, firstColumn: 3, lastColumn: 3 }]);
  });
});

describe('documents that cannot be decoded do not hide the others', () => {
  test('a bad document between two good ones', () => {
    const r = decodeManifests('a: 1\n---\nb: [\n---\nc: 3\n', 'in.yaml', 5);
    expect(r.docs.map((d) => [d.manifest, d.index, d.line])).toEqual([[{ a: 1 }, 5, 1], [{ c: 3 }, 6, 5]]);
    expect(r.errors).toEqual([{
      file: 'in.yaml',
      line: 4,
      column: 1,
      objectsBefore: 1,
      message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    }]);
  });

  test('excessive aliasing stops early (go-yaml\'s ratio rule), with the line of the first alias', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    }
    const started = Date.now();
    const r = decodeManifests(`${lines.join('\n')}\n`, 'bomb.yaml', 0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([[2, 8]]);
  });

  test('moderate anchor use (a real manifest\'s <<: *defaults a hundred times) is fine', () => {
    const text = `defaults: &d {a: 1, b: 2, c: 3}\nitems:\n${Array.from({ length: 200 }, (_, i) => `- {<<: *d, i: ${i}}`).join('\n')}\n`;
    const m = decodeOne(text);
    expect(m.items[199]).toEqual({ a: 1, b: 2, c: 3, i: 199 });
  });
});

describe('the fast path (decode-fast.ts) gives what the exact path gives', () => {
  const TEXT = '# leading comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: yes\n---\n---\n~\n---\n'
    + 'apiVersion: v1\nkind: List\nitems:\n- {kind: A}\n- kind: B\n---\np: &a 1\nq: *a\n---\n"1": one\n---\nb: [\n---\nlast: 1\n';

  test('objects, indexes, start lines, field lines and errors', () => {
    const view = (d: ReturnType<typeof decodeManifests>) => ({
      docs: d.docs.map((x) => [x.manifest, x.index, x.line, x.lineOf!('metadata.name'), x.lineOf!('data[k]')]),
      errors: d.errors,
    });
    const fast = view(decodeManifestsFast(TEXT, 'f.yaml', 7));
    expect(fast).toEqual(view(decodeManifests(TEXT, 'f.yaml', 7)));
    // with the positions recorded while decoding (the CLI with lint): the same
    expect(view(decodeManifestsFast(TEXT, 'f.yaml', 7, { recordPositions: true }))).toEqual(fast);
    expect(fast.docs).toEqual([
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: true } }, 7, 2, 5, 7],
      [{ kind: 'A' }, 8, 15, 15, 15],
      [{ kind: 'B' }, 9, 16, 16, 16],
      [{ p: 1, q: 1 }, 10, 18, 18, 18],
      [{ 1: 'one' }, 11, 21, 21, 21],
      [{ last: 1 }, 12, 25, 25, 25],
    ]);
    expect(fast.errors).toEqual([{
      file: 'f.yaml',
      line: 24,
      column: 1,
      objectsBefore: 5,
      message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    }]);
  });

  test('the field lines of a fast-path document are the exact decoder\'s, for every path', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # c\n  labels: {app: web,\n    tier: db}\n  annotations:\n'
      + '    note: |\n      text\n    empty:\n    other: x\nspec:\n  containers:\n  -\n    name: a\n    args:\n    - "x"\n    - \'y\'\n'
      + '    env: [{name: A, value: "1"}]\n  # comment\n  volumes:\n  - name: v\n    emptyDir: {}\n';
    const paths = ['metadata', 'metadata.name', 'metadata.labels[app]', 'metadata.labels[tier]', 'metadata.annotations[note]',
      'metadata.annotations[empty]', 'metadata.annotations[other]', 'spec.containers', 'spec.containers[0]', 'spec.containers[0].name',
      'spec.containers[0].args[1]', 'spec.containers[0].env[0].value', 'spec.volumes[0].emptyDir', 'spec.volumes[0].missing', 'nope'];
    const exact = decodeManifests(text, 'f.yaml', 0).docs[0];
    const fast = decodeManifestsFast(text, 'f.yaml', 0).docs[0];
    const recorded = decodeManifestsFast(text, 'f.yaml', 0, { recordPositions: true }).docs[0];
    expect(paths.map((p) => fast.lineOf!(p))).toEqual(paths.map((p) => exact.lineOf!(p)));
    expect(paths.map((p) => recorded.lineOf!(p))).toEqual(paths.map((p) => exact.lineOf!(p)));
    expect(paths.map((p) => fast.lineOf!(p))).toEqual([4, 4, 5, 6, 8, 10, 11, 14, 15, 15, 18, 19, 23, 22, 1]);
  });

  test('the field lines of a fast-path document come from js-yaml\'s nodes, without the exact decoder (also when recorded while decoding)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n';
    const spy = jest.spyOn(decodeModule, 'decodeManifests');
    try {
      for (const recordPositions of [false, true]) {
        const doc = decodeManifestsFast(text, 'f.yaml', 0, { recordPositions }).docs[0];
        expect([doc.lineOf!('spec.containers[0].image'), doc.lineOf!('metadata.name')]).toEqual([8, 4]);
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('CDK8S_PATTERNS_DECODE=exact turns it off', () => {
    process.env.CDK8S_PATTERNS_DECODE = 'exact';
    try {
      expect(decodeManifestsFast(TEXT, 'f.yaml', 0).docs).toHaveLength(6);
    } finally {
      delete process.env.CDK8S_PATTERNS_DECODE;
    }
  });

  test('deep nesting, also behind brackets in strings, is an error, not a crash', () => {
    for (const text of [`${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, `a: "${']'.repeat(30_000)}"\nb: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`]) {
      const r = decodeManifestsFast(text, 'deep.yaml', 0);
      expect(r.docs).toEqual([]);
      expect(r.errors.map((e) => e.message)).toEqual(['YAML error: the document nests too deeply to be decoded']);
    }
  });
});

describe('what kubectl reads that a plain YAML reading would not (real-world cases)', () => {
  test('a <Kind>List is its items; an item without kind and apiVersion takes them from the list', () => {
    const text = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBindingList\nitems:\n'
      + '- metadata: {name: a, namespace: x}\n  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n'
      + '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n';
    const r = decodeManifestsFast(text, 'list.yaml', 0);
    expect(r.errors).toEqual([]);
    expect(r.docs.map((d) => [d.manifest.apiVersion, d.manifest.kind, d.manifest.metadata.name])).toEqual([
      ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'a'],
      ['v1', 'ConfigMap', 'b'],
    ]);
    expect(new ManifestValidator({ lint: false }).validate([{ apiVersion: 'v1', kind: 'ConfigMapList', items: [{ metadata: { name: 'Bad_Name' } }] }])
      .map((f) => `${f.ruleId} ${f.kind} ${f.name}`)).toEqual(['META-NAME-SUBDOMAIN ConfigMap Bad_Name']);
  });

  test('a file starting with { is a stream of JSON objects (jq -c output)', () => {
    const text = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}\n';
    const r = decodeManifestsFast(text, 'stream.json', 0);
    expect(r.errors).toEqual([]);
    expect(r.docs.map((d) => [d.manifest.metadata.name, d.line])).toEqual([['a', 1], ['b', 2]]);
  });

  test('an under-indented multi-line quoted string in a flow list (accepted by go-yaml v2)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: alpine:3.18\n'
      + '    command: [sh, -c]\n    args: ["\n    echo a && echo b\n    "]\n';
    const r = decodeManifestsFast(text, 'args.yaml', 0);
    expect(r.errors).toEqual([]);
    expect(r.docs[0].manifest.spec.containers[0].args).toEqual([' echo a && echo b ']);
  });
});

describe('fuzz regressions', () => {
  test('a JSON object followed by YAML: kubectl reads the file as JSON, so the rest is a syntax error (fast and exact agree)', () => {
    const text = '{"apiVersion": "v1", "kind": "ConfigMap"}\na: 1\n';
    const expected = {
      docs: [{ apiVersion: 'v1', kind: 'ConfigMap' }],
      errors: [{ file: 'f.yaml', line: 2, column: 1, objectsBefore: 1, message: 'JSON syntax error: a file that starts with \'{\' is read as a stream of JSON objects, and this is not one' }],
    };
    for (const d of [decodeManifests(text, 'f.yaml', 0), decodeManifestsFast(text, 'f.yaml', 0)]) {
      expect({ docs: d.docs.map((x) => x.manifest), errors: d.errors }).toEqual(expected);
    }
  });
});
