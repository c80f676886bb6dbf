/**
 * Decodes YAML/JSON manifest files the way kubectl does (Kubernetes 1.27: sigs.k8s.io/yaml
 * v1.3.0 `YAMLToJSON` over gopkg.in/yaml.v2 v2.4.0, YAML 1.1), with the position of every field.
 * Shared by the CLI, the cdk8s-cli plugin and the tests. Not part of the jsii API.
 *
 * What follows go-yaml v2 (resolve.go and decode.go of branch v2) and sigs.k8s.io/yaml (yaml.go):
 * - plain scalars resolve as in `resolve()`: the 1.1 booleans `y Y yes Yes YES true True TRUE on On ON`
 *   (and `n N no No NO false False FALSE off Off OFF`), nulls `~ null Null NULL` and the empty value;
 *   integers with Go's `strconv.ParseInt(s, 0, 64)` after removing every `_` (`0644` and `0o644`
 *   are 420, `0x1F` 31, `0b101` 5, `+1` 1, `1_000` 1000), then `ParseUint`, then floats matching
 *   `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` (`1e3`, `.5`, `08`); everything else is a
 *   string (`1:30`, `0x`, `1e400`); timestamps stay strings (decode.go keeps their text);
 * - quoted and block scalars are strings; `!!str` forces a string, `!!int`/`!!bool`/`!!float`/
 *   `!!null`/`!!timestamp` on a value of another type is an error (`cannot decode !!str \`x\` as a !!int`);
 * - merge keys `<<` (plain or `!!merge`) take a map, an alias to one, or a list of them (earlier
 *   maps of the list win); as in go-yaml v2, keys are set in document order, so a merge after an
 *   explicit key overrides it;
 * - duplicate keys: the last one wins (yaml.Unmarshal is not strict in YAMLToJSON); each is kept as
 *   a `DuplicateKey` for a warning;
 * - keys become JSON strings as sigs.k8s.io/yaml does (`on:` is the key "true", `1:` is "1");
 *   a null, list or map key is an error, and so is a `.inf`/`.nan` value (json.Marshal rejects it);
 * - aliases: an undefined alias is an error, an anchor containing itself is an error, and so is
 *   "excessive aliasing" by go-yaml's rule (more than 100 alias-expanded nodes and more than 99% of
 *   the decoded nodes (ratio falling to 10% from 400,000 to 4,000,000 nodes));
 * - tags outside `tag:yaml.org,2002:` (e.g. `!Ref`) are errors (go-yaml ignores them; in a
 *   manifest they are always a mistake).
 */
import type { Alias, Document, Node, Scalar } from 'yaml';
import { child, index, pathSegments } from './core/json';
import { jsonStream } from './json-stream';
import type { SourceDoc } from './report';

/** A document or file that cannot be decoded, with its position (1-based). */
export interface DecodeError {
  readonly file: string;
  /** Unknown when the file could not be read at all. */
  readonly line?: number;
  readonly column?: number;
  /** e.g. `YAML syntax error: Tabs are not allowed as indentation`. */
  readonly message: string;
  /** How many objects of the same file were decoded before this error. */
  readonly objectsBefore: number;
}

/** The decoded content of one file. */
export interface DecodedFile {
  readonly docs: SourceDoc[];
  readonly errors: DecodeError[];
}

const YAML_TAG = 'tag:yaml.org,2002:';

class DecodeFailure extends Error {
  constructor(message: string, public readonly pos: number | undefined) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// scalars (go-yaml v2 resolve.go)

const BOOL_NULL: ReadonlyMap<string, boolean | null> = new Map<string, boolean | null>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, null] as const),
]);
const SPECIAL_FLOATS: ReadonlyMap<string, number> = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, -Infinity] as const),
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

/** Go's `strconv.ParseInt(s, 0, 64)` (`unsigned`: `ParseUint`), as a bigint, or undefined on error. */
function goParseInt(s: string, unsigned: boolean): bigint | undefined {
  let sign = 1n;
  let rest = s;
  if (!unsigned && (rest[0] === '+' || rest[0] === '-')) {
    sign = rest[0] === '-' ? -1n : 1n;
    rest = rest.slice(1);
  }
  let base = 10;
  if (rest.length > 1 && rest[0] === '0') {
    const p = rest[1].toLowerCase();
    base = p === 'x' ? 16 : p === 'o' ? 8 : p === 'b' ? 2 : 8;
    rest = base === 8 && p !== 'o' ? rest.slice(1) : rest.slice(2);
  }
  if (!DIGITS[base].test(rest)) {
    return undefined;
  }
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  const v = sign * BigInt(`${prefix}${rest}`);
  if (unsigned ? v > UINT64_MAX : v < INT64_MIN || v > INT64_MAX) {
    return undefined;
  }
  return v;
}

/** go-yaml v2's resolve table: the first character says what a plain scalar may be. */
const HINTS: Record<number, 'M' | '.' | 'D' | 'S' | ''> = {};
for (const c of 'yYnNtTfFoO~') HINTS[c.charCodeAt(0)] = 'M';
for (const c of '0123456789') HINTS[c.charCodeAt(0)] = 'D';
HINTS['+'.charCodeAt(0)] = 'S';
HINTS['-'.charCodeAt(0)] = 'S';
HINTS['.'.charCodeAt(0)] = '.';

type Resolved = { tag: 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp'; value: string | number | boolean | null; unsigned?: boolean };

/** go-yaml v2 `resolve("", in)` for a plain scalar. */
export function resolvePlain(input: string): Resolved {
  const hint = input.length > 0 ? HINTS[input.charCodeAt(0)] ?? '' : 'M';
  if (hint === '') {
    return { tag: 'str', value: input };
  }
  if (BOOL_NULL.has(input)) {
    const v = BOOL_NULL.get(input)!;
    return { tag: v === null ? 'null' : 'bool', value: v };
  }
  if (SPECIAL_FLOATS.has(input)) {
    return { tag: 'float', value: SPECIAL_FLOATS.get(input)! };
  }
  if (hint === '.') {
    return DOT_FLOAT.test(input) && Number.isFinite(Number(input)) ? { tag: 'float', value: Number(input) } : { tag: 'str', value: input };
  }
  if (hint === 'D' || hint === 'S') {
    if (TIMESTAMP.test(input)) {
      return { tag: 'timestamp', value: input };
    }
    const plain = input.split('_').join('');
    const i = goParseInt(plain, false) ?? goParseInt(plain, true);
    if (i !== undefined) {
      return { tag: 'int', value: Number(i) + 0, unsigned: i > INT64_MAX };
    }
    if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) {
      return { tag: 'float', value: Number(plain) };
    }
  }
  return { tag: 'str', value: input };
}

function scalarValue(node: Scalar): Resolved {
  const text = String(node.value ?? '');
  const tag = node.tag;
  const plain = node.type === 'PLAIN' || node.type === undefined;
  if (!tag || tag === '!') {
    return plain && tag !== '!' ? resolvePlain(text) : { tag: 'str', value: text };
  }
  const name = tag.slice(YAML_TAG.length);
  switch (name) {
    case 'str':
      return { tag: 'str', value: text };
    case 'binary':
      return { tag: 'str', value: Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') };
    case 'bool': case 'int': case 'float': case 'null': case 'timestamp': {
      const r = resolvePlain(text);
      if (r.tag === name || (r.tag === 'timestamp' && name === 'timestamp')) {
        return r;
      }
      if (name === 'float' && r.tag === 'int') {
        return { tag: 'float', value: r.value };
      }
      throw new DecodeFailure(`cannot decode !!${r.tag} \`${text}\` as a !!${name}`, node.range?.[0]);
    }
    default:
      return { tag: 'str', value: text };
  }
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 32)` (sigs.k8s.io/yaml's float keys). */
function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const target = Math.fround(f);
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(target).toExponential(p - 1);
    if (Math.fround(Number(s)) === Math.abs(target)) {
      const [m, e] = s.split('e');
      digits = m.replace('.', '');
      exp = Number(e);
      break;
    }
  }
  const sign = target < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) { // 'g' with the shortest precision: %e when the exponent is < -4 or >= 6
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

// ---------------------------------------------------------------------------------------------
// the document walk (go-yaml v2 decode.go + sigs.k8s.io/yaml convertToJSONableObject)

const ALIAS_RATIO_LOW = 400_000;
const ALIAS_RATIO_HIGH = 4_000_000;

function allowedAliasRatio(count: number): number {
  if (count <= ALIAS_RATIO_LOW) return 0.99;
  if (count >= ALIAS_RATIO_HIGH) return 0.10;
  return 0.99 - 0.89 * ((count - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW));
}

/** Where each field of a decoded container came from: key → offset of its value in the text. */
type Positions = Map<string | number, number>;

interface RawDuplicate { readonly segments: Array<string | number>; readonly key: string; readonly first: number; readonly last: number }

/** `out[key] = value`, also for the key `__proto__` (a plain assignment would set the prototype). */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = value;
  }
}

type YamlLib = typeof import('yaml');

/**
 * The yaml package (the exact decoder, with positions), loaded when a document first needs it: the
 * CLI's fast path reads plain documents with js-yaml, and a small file then starts faster.
 */
function yamlLib(): YamlLib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml');
}

class Walker {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<Node>();
  private readonly anchors = new Map<string, Node>();
  private readonly seenDuplicates = new Set<number>();
  private readonly keyPath: Array<string | number> = [];
  public readonly positions = new WeakMap<object, Positions>();
  public readonly duplicates: RawDuplicate[] = [];
  public firstAlias: number | undefined;

  constructor(private readonly y: YamlLib) {}

  public value(node: unknown): unknown {
    this.decodeCount++;
    if (this.aliasDepth > 0) {
      this.aliasCount++;
    }
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new DecodeFailure('the aliases expand too much (go-yaml\'s "document contains excessive aliasing", as in a "billion laughs" '
        + 'alias bomb); write the repeated parts out', this.firstAlias);
    }
    if (node === null || node === undefined) {
      return null;
    }
    if (this.y.isAlias(node)) {
      return this.alias(node, (target) => this.value(target));
    }
    const n = node as Node;
    if (n.anchor && this.aliasDepth === 0) {
      this.anchors.set(n.anchor, n);
    }
    if (this.y.isScalar(n)) {
      const r = scalarValue(n);
      if (typeof r.value === 'number' && !Number.isFinite(r.value)) {
        throw new DecodeFailure(`error converting YAML to JSON: json: unsupported value: ${Number.isNaN(r.value) ? 'NaN' : r.value > 0 ? '+Inf' : '-Inf'}`
          + ' (kubectl rejects .inf and .nan values: quote it)', n.range?.[0]);
      }
      return r.value;
    }
    if (this.y.isSeq(n)) {
      const out: unknown[] = [];
      const pos: Positions = new Map();
      n.items.forEach((item, i) => {
        this.keyPath.push(i);
        out.push(this.value(item));
        this.keyPath.pop();
        const at = (item as Node | null)?.range?.[0];
        if (at !== undefined) pos.set(i, at);
      });
      this.positions.set(out, pos);
      return out;
    }
    if (this.y.isMap(n)) {
      const out: Record<string, unknown> = {};
      const pos: Positions = new Map();
      this.positions.set(out, pos);
      this.mapInto(n, out, pos);
      return out;
    }
    return null;
  }

  private alias<T>(node: Alias, use: (target: Node) => T): T {
    this.firstAlias = this.firstAlias ?? node.range?.[0];
    const target = this.anchors.get(node.source);
    if (!target) {
      throw new DecodeFailure(`alias *${node.source} refers to no anchor (define &${node.source} before it)`, node.range?.[0]);
    }
    if (this.expanding.has(target)) {
      throw new DecodeFailure(`anchor '${node.source}' value contains itself`, node.range?.[0]);
    }
    this.expanding.add(target);
    this.aliasDepth++;
    try {
      return use(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(target);
    }
  }

  private mapInto(n: any, out: Record<string, unknown>, pos: Positions): void {
    const firstAt = new Map<string, number>();
    for (const pair of n.items) {
      const keyNode = pair.key;
      if (this.y.isScalar(keyNode) && keyNode.value === '<<' && (keyNode.type === 'PLAIN' ? !keyNode.tag : keyNode.tag === `${YAML_TAG}merge`)) {
        this.merge(pair.value, out, pos, keyNode.range?.[0]);
        continue;
      }
      const key = this.key(keyNode);
      const keyAt = (keyNode as Node | null)?.range?.[0] ?? 0;
      const previous = firstAt.get(key);
      if (previous !== undefined && !this.seenDuplicates.has(keyAt)) {
        this.seenDuplicates.add(keyAt);
        this.duplicates.push({ segments: [...this.keyPath, key], key, first: previous, last: keyAt });
      }
      if (previous === undefined) firstAt.set(key, keyAt);
      this.keyPath.push(key);
      setKey(out, key, this.value(pair.value));
      this.keyPath.pop();
      pos.set(key, (pair.value as Node | null)?.range?.[0] ?? keyAt);
    }
  }

  private merge(value: unknown, out: Record<string, unknown>, pos: Positions, at: number | undefined): void {
    const wantMap = () => new DecodeFailure('map merge requires map or sequence of maps as the value', at);
    const mergeOne = (node: unknown) => {
      if (this.y.isAlias(node)) {
        this.decodeCount++;
        this.alias(node, (target) => {
          if (!this.y.isMap(target)) throw wantMap();
          this.decodeCount++;
          this.mapInto(target, out, pos);
        });
      } else if (this.y.isMap(node)) {
        this.decodeCount++;
        this.mapInto(node, out, pos);
      } else {
        throw wantMap();
      }
    };
    if (this.y.isSeq(value)) {
      for (let i = value.items.length - 1; i >= 0; i--) {
        mergeOne(value.items[i]); // earlier maps take precedence
      }
    } else {
      mergeOne(value);
    }
  }

  /** The JSON key of a map key node (sigs.k8s.io/yaml's conversion of go-yaml's key types). */
  private key(node: unknown): string {
    if (this.y.isAlias(node)) {
      return this.alias(node, (target) => this.key(target));
    }
    if (!this.y.isScalar(node)) {
      throw new DecodeFailure(node ? 'invalid map key: a map key must be a scalar' : 'Unsupported map key: a key must not be null',
        (node as Node | null)?.range?.[0]);
    }
    const r = scalarValue(node);
    switch (r.tag) {
      case 'null':
        throw new DecodeFailure('Unsupported map key of type: <nil> (sigs.k8s.io/yaml turns only string, number and boolean keys into JSON)', node.range?.[0]);
      case 'bool':
        return r.value ? 'true' : 'false';
      case 'int':
        if (r.unsigned) {
          throw new DecodeFailure(`Unsupported map key of type: uint64, key: ${String(node.value)}`, node.range?.[0]);
        }
        return String(r.value);
      case 'float':
        return formatFloat32(r.value as number);
      default:
        return String(r.value);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// files

/** go-yaml's limit on alias expansion; yaml's parser itself is run without one (the walk counts). */
function errorOf(doc: Document.Parsed): DecodeFailure | undefined {
  const err = doc.errors[0];
  if (err) {
    const message = err.message.split('\n')[0];
    return new DecodeFailure(/Maximum call/.test(message) ? 'YAML error: the document nests too deeply to be decoded' : `YAML syntax error: ${message}`, err.pos[0]);
  }
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED' && !/Unresolved tag: tag:yaml\.org,2002:/.test(w.message));
  if (tag) {
    const name = /Unresolved tag: (\S+)/.exec(tag.message)?.[1] ?? 'tag';
    return new DecodeFailure(`YAML error: unknown tag ${name}; Kubernetes manifests use no custom tags: remove it`, tag.pos[0]);
  }
  return undefined;
}

/** Fields whose keys are user data (written `data[key]` in paths, as the schema layer does). */
const MAP_FIELDS = new Set(['data', 'stringData', 'binaryData', 'labels', 'annotations', 'matchLabels', 'nodeSelector', 'parameters',
  'capacity', 'limits', 'requests', 'hard', 'allocatable', 'overhead', 'volumeAttributes', 'attributes']);

/** The field path of `segments`, as findings write it (`spec.containers[0].name`, `metadata.labels[app]`). */
function pathOf(segments: Array<string | number>): string {
  let p = '';
  segments.forEach((s, i) => {
    const userKey = typeof s === 'number' || !/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(s) || MAP_FIELDS.has(String(segments[i - 1]));
    p = userKey ? index(p, s) : child(p, s);
  });
  return p;
}

/**
 * Decodes one YAML/JSON text (multi-document) into Kubernetes objects with line information.
 * A top-level list and a `kind: List` stand for their items. A document that cannot be decoded
 * is returned in `errors` (with its line and column); the other documents are still decoded.
 *
 * @param firstIndex the `index` of the first object (objects of earlier files come before)
 * @param lineOffset added to every line (when `text` is a part of the file starting on line `lineOffset + 1`)
 */
/**
 * The objects of a file as kubectl reads it: a stream of JSON objects when the file starts with '{'
 * (apimachinery YAMLOrJSONDecoder/GuessJSONStream: `{...}{...}`, or one object per line, are several
 * objects), YAML 1.1 otherwise (see `decodeYaml`).
 */
export function decodeManifests(input: string, file: string, firstIndex: number, lineOffset = 0): DecodedFile {
  const values = lineOffset === 0 ? jsonStream(input) : undefined;
  if (!values) {
    return decodeYaml(input, file, firstIndex, lineOffset);
  }
  const out: DecodedFile = { docs: [], errors: [] };
  for (const v of values) {
    if (!v.json) {
      out.errors.push({
        file,
        line: v.line + 1,
        column: 1,
        objectsBefore: out.docs.length,
        message: 'JSON syntax error: a file that starts with \'{\' is read as a stream of JSON objects, and this is not one',
      });
      continue;
    }
    const d = decodeYaml(input.slice(v.start, v.end), file, firstIndex + out.docs.length, v.line);
    out.errors.push(...d.errors.map((e) => ({ ...e, objectsBefore: e.objectsBefore + out.docs.length })));
    out.docs.push(...d.docs);
  }
  return out;
}

/** YAML 1.1 documents as go-yaml v2 and sigs.k8s.io/yaml read them (`lineOffset`: lines before `input` in its file). */
function decodeYaml(input: string, file: string, firstIndex: number, lineOffset = 0): DecodedFile {
  // a byte order mark that starts the file is no content
  const text = lineOffset === 0 && input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const y = yamlLib();
  const lineCounter = new y.LineCounter();
  const docs: SourceDoc[] = [];
  const errors: DecodeError[] = [];
  const messageOf = (e: DecodeFailure | Error) => (e instanceof DecodeFailure
    ? (e.message.startsWith('YAML') ? e.message : `YAML error: ${e.message}`)
    : `YAML error: cannot parse: ${String(e.message).split('\n')[0]}`);
  const fail = (e: DecodeFailure | Error, fallback: number | undefined) => {
    const offset = e instanceof DecodeFailure ? e.pos ?? fallback ?? 0 : fallback ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    errors.push({ file, line: line + lineOffset, column: col, message: messageOf(e), objectsBefore: docs.length });
  };
  let parsed: Document.Parsed[];
  try {
    parsed = y.parseAllDocuments(text, {
      lineCounter, prettyErrors: false, version: '1.1', schema: 'failsafe', merge: false, uniqueKeys: false, keepSourceTokens: false,
    }) as Document.Parsed[];
  } catch (e) {
    // anything the parser itself throws (e.g. a RangeError on too deep a recursion) is still an error of this file
    fail(e as Error, 0);
    return { docs, errors };
  }
  if (!Array.isArray(parsed)) {
    return { docs, errors };
  }
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  for (const doc of parsed) {
    const problem = errorOf(doc);
    if (problem) {
      fail(problem, doc.range?.[0]);
      continue;
    }
    const contents: any = doc.contents;
    if (contents === null || contents === undefined) {
      continue;
    }
    const walker = new Walker(y);
    let value: any;
    try {
      value = walker.value(contents);
    } catch (e) {
      fail(e instanceof DecodeFailure ? e : new DecodeFailure('the document nests too deeply to be decoded', undefined), contents.range?.[0]);
      continue;
    }
    const addDoc = (manifest: any, basePath: Array<string | number>, start: number | undefined) => {
      const own = walker.duplicates
        .filter((d) => d.segments.length > basePath.length && basePath.every((s, i) => d.segments[i] === s))
        .map((d) => {
          const first = lineCounter.linePos(d.first);
          const last = lineCounter.linePos(d.last);
          return {
            path: pathOf(d.segments.slice(basePath.length)),
            key: d.key,
            firstLine: first.line + lineOffset,
            lastLine: last.line + lineOffset,
            firstColumn: first.col,
            lastColumn: last.col,
          };
        });
      const startLine = start === undefined ? undefined : lineAt(start);
      docs.push({
        manifest,
        ...own.length > 0 ? { duplicateKeys: own } : {},
        index: firstIndex + docs.length,
        file,
        line: startLine,
        lineOf: (p: string) => {
          // the deepest field that exists (a missing field is reported at its parent's line)
          let cur: any = manifest;
          let line = startLine;
          for (const seg of pathSegments(p)) {
            const at = cur !== null && typeof cur === 'object' ? walker.positions.get(cur)?.get(seg) : undefined;
            if (at === undefined) break;
            line = lineAt(at);
            cur = cur[seg];
          }
          return line;
        },
      });
    };
    if (value === null) {
      continue; // an empty document (kubectl skips "null" documents too)
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => addDoc(item, [i], walker.positions.get(value)?.get(i)));
    } else if (isListObject(value)) {
      const at = walker.positions.get(value.items);
      value.items.forEach((item: any, i: number) => addDoc(inferListItem(value, item), ['items', i], at?.get(i)));
    } else {
      addDoc(value, [], contents.range?.[0]);
    }
  }
  return { docs, errors };
}

/**
 * True for a document kubectl reads as a list of objects: a `kind: List` or `<Kind>List`
 * (RoleBindingList, ConfigMapList, ...) with an `items` array. kubectl (cli-runtime's
 * FlattenListVisitor over UnstructuredJSONScheme) applies the items one by one; the discovery
 * REST mapper maps `List` in every group/version and `<Kind>List` next to every `<Kind>`.
 */
export function isListObject(value: any): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.kind === 'string'
    && value.kind.endsWith('List') && Array.isArray(value.items);
}

/**
 * An item of `list` as kubectl sees it (UnstructuredJSONScheme.decodeToList): without kind and
 * apiVersion it gets `<Kind>` (the list's kind less "List") and the list's apiVersion.
 */
export function inferListItem(list: any, item: any): any {
  const itemKind = String(list.kind).slice(0, -'List'.length);
  if (itemKind !== '' && item !== null && typeof item === 'object' && !Array.isArray(item) && !item.kind && !item.apiVersion) {
    item.kind = itemKind;
    item.apiVersion = list.apiVersion;
  }
  return item;
}
