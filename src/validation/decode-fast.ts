/**
 * The fast decode path: the same result as `decodeManifests` (decode.ts: YAML 1.1 as kubectl reads
 * it), about 8x faster on large files, by parsing each document with js-yaml under a schema that
 * resolves plain scalars with go-yaml v2's rules, and computing field positions only for the
 * documents that get findings (`lineOf` decodes that one document again with positions).
 *
 * A document takes the exact path (decode.ts) whenever the fast parser could differ: anchors,
 * aliases, tags, merge keys, complex keys, tabs, directives, duplicate keys (js-yaml rejects them),
 * keys that are not plain strings in JSON (numbers, null), .inf/.nan values, top-level lists and
 * `kind: List`, or anything js-yaml rejects. Without js-yaml installed every document takes the
 * exact path. Not part of the jsii API.
 */
import type * as JsYaml from 'js-yaml';
import { pathSegments } from './core/json';
import { decodeManifests, DecodedFile, isListObject, resolvePlain } from './decode';
import { jsonStream } from './json-stream';
import type { SourceDoc } from './report';

type FastParser = { load: typeof JsYaml.load; schema: JsYaml.Schema; lenientSchema: JsYaml.Schema } | null;

/**
 * js-yaml with a schema whose only implicit type is go-yaml v2's resolution of plain scalars, or
 * null where js-yaml cannot be loaded (every document then takes the exact path).
 */
function createFastParser(): FastParser {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const y: typeof JsYaml = require('js-yaml');
    let resolved: unknown;
    const goPlain = new y.Type('tag:yaml.org,2002:k8s-plain', {
      kind: 'scalar',
      resolve: (data: string) => {
        const r = resolvePlain(data);
        resolved = r.value;
        return r.tag !== 'str';
      },
      construct: () => resolved,
    });
    const parser = {
      load: y.load,
      schema: y.FAILSAFE_SCHEMA.extend({ implicit: [goPlain] }),
      // for documents the yaml package rejects as under-indented: merge keys resolved as go-yaml does, last duplicate key wins
      lenientSchema: y.FAILSAFE_SCHEMA.extend({ implicit: [(y as any).types.merge, goPlain] }),
    };
    // compile js-yaml's regular expressions now: V8 aborts the process (not a RangeError) when it
    // first compiles one at the bottom of a deep recursion
    parser.load(WARM_UP, { schema: parser.schema });
    return parser;
  } catch {
    return null;
  }
}

const WARM_UP = `# c
a: {b: [1, "x\\n", 'y', ~, yes, 0644, .5, 2001-01-01], c: d}
e:
- f: |
    g
  h: >-
    i
    j
k: l m
  n
"o": 'p'
`;

/** Made once when the module loads (read-only afterwards). */
const FAST_PARSER: FastParser = createFastParser();

function fastParser(): FastParser {
  return FAST_PARSER;
}

/** js-yaml's nesting limit (it counts about two levels per YAML level); deeper documents take the exact path. */
const MAX_DEPTH = 400;

/** Deeper flow nesting than this takes the exact path (yaml's parser fails cleanly on very deep input). */
const MAX_FLOW_DEPTH = 200;

/** True when `body` may nest flow collections deeper than MAX_FLOW_DEPTH (a rough count: brackets in strings count too). */
function deepFlow(body: string): boolean {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) {
        return true;
      }
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return false;
}

/** Text that the fast parser may read differently from the exact one (incl. a list or map as a key): the document takes the exact path. */
/** Errors of the yaml package that go-yaml v2 does not raise: under-indented flow content. */
const UNDER_INDENTED = /Missing closing ["']quote|must be sufficiently indented/;

const NEEDS_EXACT = /[&*!\t]|<<|(^|[\s,[{])\?(\s|$)|^(%|\.\.\.)|[\]}][ \t]*:([ \t]|$)/m;
/** A key that was not a plain string for go-yaml (a number, null, .inf) or that js-yaml would print differently. */
const UNSAFE_KEY = /^([-+.0-9]|null$|Null$|NULL$|~$)/;

/** True when every key is a string kubectl would produce the same way and no number is .inf/.nan. */
function plainJson(v: unknown, depth = 0): boolean {
  if (typeof v === 'number') {
    return Number.isFinite(v);
  }
  if (v === null || typeof v !== 'object') {
    return true;
  }
  if (depth > 1000) {
    return false;
  }
  if (Array.isArray(v)) {
    return v.every((x) => plainJson(x, depth + 1));
  }
  for (const k of Object.keys(v)) {
    if (UNSAFE_KEY.test(k) || !plainJson((v as any)[k], depth + 1)) {
      return false;
    }
  }
  return true;
}

interface Chunk {
  readonly start: number;
  readonly end: number;
  /** Lines before the chunk. */
  readonly lineOffset: number;
}

const MARKER = /^---(?=[ \t\r\n]|$)/;

/** The documents of `text` (split at `---` lines), or undefined when the file is not that simple. */
function splitDocuments(text: string): Chunk[] | undefined {
  const chunks: Chunk[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let startLine = 0;
  let pos = start;
  let line = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    if (text.startsWith('---', pos) && MARKER.test(text.slice(pos, Math.min(end, pos + 4)))) {
      if (!/^\s*(#.*)?$/.test(text.slice(pos + 3, end))) {
        return undefined; // content on the marker line
      }
      chunks.push({ start, end: pos, lineOffset: startLine });
      start = end + 1;
      startLine = line + 1;
    }
    if (nl < 0) {
      break;
    }
    pos = nl + 1;
    line++;
  }
  chunks.push({ start: Math.min(start, text.length), end: text.length, lineOffset: startLine });
  return chunks;
}

/** 1-based line of the first content (not blank, not a comment) of `body`, after `lineOffset` lines. */
function firstContentLine(body: string, lineOffset: number): number {
  const re = /^[ \t]*(?:#.*)?\r?$/;
  let pos = 0;
  let line = lineOffset + 1;
  while (pos < body.length) {
    const nl = body.indexOf('\n', pos);
    const text = body.slice(pos, nl < 0 ? body.length : nl);
    if (!re.test(text)) {
      return line;
    }
    if (nl < 0) {
      break;
    }
    pos = nl + 1;
    line++;
  }
  return line;
}

/** How decodeManifestsFast works (the result is the same either way). */
export interface FastDecodeOptions {
  /**
   * Record where each node starts while decoding (about 4 % more parse time), so that the field
   * lines of a document with findings need no second parse. Worth it when most documents have
   * findings (lint on); otherwise the lines are computed for the documents asked about only.
   * @default false
   */
  readonly recordPositions?: boolean;
}

/**
 * `decodeManifests(text, file, firstIndex)`, fast: the same objects, errors and lines.
 */
export function decodeManifestsFast(text: string, file: string, firstIndex: number, options: FastDecodeOptions = {}): DecodedFile {
  if (jsonStream(text)) {
    return decodeManifests(text, file, firstIndex); // a stream of JSON objects (decode.ts)
  }
  return decodeYamlFast(text, file, firstIndex, options.recordPositions === true);
}

/** The YAML path of decodeManifestsFast. */
function decodeYamlFast(text: string, file: string, firstIndex: number, recordPositions: boolean): DecodedFile {
  // CDK8S_PATTERNS_DECODE=exact turns the fast path off (to compare the two, or to rule it out)
  const parser = process.env.CDK8S_PATTERNS_DECODE === 'exact' ? null : fastParser();
  // a byte order mark after the start is content for one parser and not for the other
  const chunks = parser && text.indexOf('\ufeff', 1) < 0 ? splitDocuments(text) : undefined;
  if (!parser || !chunks) {
    return decodeManifests(text, file, firstIndex);
  }
  const out: DecodedFile = { docs: [], errors: [] };
  const recent: RecentPositions = new Map();
  const exact = (body: string, c: Chunk) => {
    const d = decodeManifests(body, file, firstIndex + out.docs.length, c.lineOffset);
    // go-yaml v2 (libyaml) does not check the indentation of flow collections and of multi-line
    // quoted scalars in block context (args: ["\n  script\n"] under-indented); the yaml package does
    if (d.errors.length > 0 && d.docs.length === 0 && parser && d.errors.every((e) => UNDER_INDENTED.test(e.message))) {
      try {
        const v = parser.load(body, { schema: parser.lenientSchema, json: true } as any);
        if (v !== null && typeof v === 'object' && !Array.isArray(v) && !isListObject(v)) {
          out.docs.push(fastDoc(v, body, file, firstIndex + out.docs.length, c.lineOffset, recent));
          return;
        }
      } catch {
        // js-yaml rejects it too: keep the error
      }
    }
    out.errors.push(...d.errors.map((e) => ({ ...e, objectsBefore: e.objectsBefore + out.docs.length })));
    for (const doc of d.docs) {
      out.docs.push(doc);
    }
  };
  for (const c of chunks) {
    const body = text.slice(c.start, c.end);
    if (NEEDS_EXACT.test(body) || deepFlow(body)) {
      exact(body, c);
      continue;
    }
    let value: unknown;
    let root: Frame | undefined;
    try {
      if (recordPositions) {
        ({ value, root } = loadWithFrames(parser, body));
      } else {
        value = parser.load(body, { schema: parser.schema, maxDepth: MAX_DEPTH } as any);
      }
    } catch {
      exact(body, c);
      continue;
    }
    if (value === undefined || value === null) {
      if (value === undefined && /\S/.test(body.replace(/#.*$/gm, ''))) {
        exact(body, c); // content js-yaml read as nothing: let the exact path say what it is
      }
      continue; // an empty document (kubectl skips "null" documents too)
    }
    if (Array.isArray(value) || isListObject(value)
      || !plainJson(value)) {
      exact(body, c);
      continue;
    }
    out.docs.push(fastDoc(value, body, file, firstIndex + out.docs.length, c.lineOffset, recent, root));
  }
  return out;
}

/**
 * A document decoded by the fast path: its field lines are computed on the first finding, from
 * `frames` (the nodes recorded while decoding it) when given, else by parsing it again.
 */
function fastDoc(manifest: unknown, body: string, file: string, index: number, lineOffset: number, recent: RecentPositions,
  frames?: Frame): SourceDoc {
  const line = firstContentLine(body, lineOffset);
  let recorded = frames;
  const doc: SourceDoc = {
    manifest,
    index,
    file,
    line,
    lineOf: (p: string) => {
      let lineOf = recent.get(doc);
      if (lineOf === undefined) {
        // where js-yaml started each node (recorded, or js-yaml again); the exact decoder when that cannot be matched up
        const fast = recorded ? linesOfFrames(manifest, manifest, recorded, body, lineOffset, line) : fastLineOf(manifest, body, lineOffset, line);
        recorded = undefined; // from here the frames are held by the line function, which `recent` keeps for the last few documents only
        lineOf = fast ?? decodeManifests(body, file, index, lineOffset).docs[0]?.lineOf ?? null;
        recent.set(doc, lineOf);
        if (recent.size > RECENT_DOCS) {
          recent.delete(recent.keys().next().value!);
        }
      }
      return lineOf ? lineOf(p) : line;
    },
  };
  return doc;
}

/**
 * The positions of the last few documents of one file asked about (findings are reported document
 * by document): memory for positions stays bounded however many documents have findings.
 */
type RecentPositions = Map<SourceDoc, ((p: string) => number | undefined) | null>;
const RECENT_DOCS = 16;

/** A node js-yaml composed: where it starts and ends, its value, and the nodes composed inside it. */
interface Frame {
  readonly pos: number;
  /** 0-based line of `pos` in the chunk. */
  readonly line: number;
  readonly children: Frame[];
  result?: unknown;
  end?: number;
}

/** js-yaml's parse of `body`, recording the nodes it composes (throws as `load` does). */
function loadWithFrames(parser: NonNullable<FastParser>, body: string): { value: unknown; root?: Frame } {
  const openFrames: Frame[] = [];
  let root: Frame | undefined;
  const value = parser.load(body, {
    schema: parser.schema,
    maxDepth: MAX_DEPTH,
    listener: (event: string, state: any) => {
      if (event === 'open') {
        openFrames.push({ pos: state.position, line: state.line, children: [] });
        return;
      }
      const f = openFrames.pop()!;
      f.result = state.result;
      f.end = state.position;
      if (openFrames.length > 0) {
        openFrames[openFrames.length - 1].children.push(f);
      } else {
        root = f;
      }
    },
  } as any);
  return { value, root };
}

/**
 * `lineOf` for a fast-path document, from js-yaml's node events in a second parse (see
 * `linesOfFrames`), or undefined.
 */
function fastLineOf(manifest: unknown, body: string, lineOffset: number, docLine: number): ((p: string) => number | undefined) | undefined {
  const parser = fastParser();
  if (!parser) {
    return undefined;
  }
  let parsed: { value: unknown; root?: Frame };
  try {
    parsed = loadWithFrames(parser, body);
  } catch {
    return undefined;
  }
  return parsed.root && linesOfFrames(manifest, parsed.value, parsed.root, body, lineOffset, docLine);
}

/**
 * `lineOf` from the nodes js-yaml composed for `value` (a parse of `manifest`'s document: the same
 * object, or an equal one from a second parse): the line of each field's value as the exact
 * decoder gives it (where the value's content starts; an empty value: the line of its key).
 * Undefined when the nodes do not match the value (then the exact decoder is used).
 */
function linesOfFrames(manifest: unknown, value: unknown, root: Frame, body: string, lineOffset: number,
  docLine: number): ((p: string) => number | undefined) | undefined {
  const lineAt = (f: Frame) => contentLine(body, f) + lineOffset + 1;
  /** The frame that composed `f.result` (js-yaml wraps a block value in an outer node). */
  const unwrap = (f: Frame): Frame => {
    let cur = f;
    while (cur.children.length === 1 && cur.children[0].result === cur.result) {
      cur = cur.children[0];
    }
    return cur;
  };
  /** True when the nodes under `f` compose `f.result` item by item and key by key (in Object.keys order). */
  const matches = (f: Frame): boolean => {
    const r = f.result;
    if (r === null || typeof r !== 'object') {
      return true;
    }
    if (Array.isArray(r)) {
      return f.children.length === r.length && r.every((item, i) => {
        const c = unwrap(f.children[i]);
        return c.result === item && matches(c);
      });
    }
    const keys = Object.keys(r);
    return f.children.length >= 2 * keys.length && keys.every((k, i) => {
      const c = unwrap(f.children[2 * i + 1]);
      return String(unwrap(f.children[2 * i]).result) === k && c.result === (r as any)[k] && matches(c);
    });
  };
  /** The node of the value at `seg` under `f` (an item of a list by number, a field of a map by name), if any. */
  const childAt = (f: Frame, seg: string | number): Frame | undefined => {
    const r = f.result;
    if (r === null || typeof r !== 'object') {
      return undefined;
    }
    if (Array.isArray(r)) {
      return typeof seg === 'number' && seg < r.length ? f.children[seg] : undefined;
    }
    const i = typeof seg === 'string' ? Object.keys(r).indexOf(seg) : -1;
    return i < 0 ? undefined : f.children[2 * i + 1];
  };
  if ((value === null) !== (manifest === null) || typeof value !== typeof manifest) {
    return undefined;
  }
  const top = unwrap(root);
  if (!matches(top)) {
    return undefined;
  }
  // the line of a field: walk the nodes along the path (only the nodes asked about are looked at)
  return (p: string) => {
    let cur = top;
    let line: number | undefined = docLine;
    for (const seg of pathSegments(p)) {
      const next = childAt(cur, seg);
      if (next === undefined) {
        break;
      }
      line = lineAt(next);
      cur = unwrap(next);
    }
    return line;
  };
}

/** 0-based line (in the chunk) where the content of node `f` starts; for an empty node, the line it opens on. */
function contentLine(body: string, f: Frame): number {
  let line = f.line;
  const end = f.end ?? body.length;
  for (let i = f.pos; i < end; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x0a) {
      line++;
    } else if (c === 0x23 && (i === 0 || /\s/.test(body[i - 1]))) {
      const nl = body.indexOf('\n', i);
      if (nl < 0 || nl >= end) {
        break;
      }
      i = nl - 1;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) {
      return line;
    }
  }
  return f.line;
}

/**
 * Where `text` may be cut into pieces that decode exactly as the whole does (line numbers shifted
 * by the lines before the piece), for the CLI to decode a big file piece by piece or on several
 * threads: pieces of about `pieceChars` characters, each starting right after a `---` line, and
 * never at a document that starts with '{' (a piece that starts with '{' would be read as a JSON
 * stream). A single piece when the file takes a path that reads it as a whole (a JSON stream, the
 * exact decoder, a byte order mark after the start, content on a `---` line).
 */
export function filePieces(text: string, pieceChars: number): Array<{ start: number; end: number; lineBase: number }> {
  const whole = [{ start: 0, end: text.length, lineBase: 0 }];
  if (text.length <= pieceChars || process.env.CDK8S_PATTERNS_DECODE === 'exact' || !fastParser()
    || text.indexOf('\ufeff', 1) >= 0 || jsonStream(text)) {
    return whole;
  }
  const chunks = splitDocuments(text);
  if (!chunks) {
    return whole;
  }
  const pieces: Array<{ start: number; end: number; lineBase: number }> = [];
  let first = 0;
  for (let i = 1; i < chunks.length; i++) {
    // the next document must start (after ASCII white space) with a printable ASCII character other than '{'
    if (chunks[i - 1].end - chunks[first].start >= pieceChars && /^[ \t\r\n\v\f]*[\x21-\x7a\x7c-\x7e]/.test(text.slice(chunks[i].start, chunks[i].start + 1000))) {
      pieces.push({ start: first === 0 ? 0 : chunks[first].start, end: chunks[i - 1].end, lineBase: first === 0 ? 0 : chunks[first].lineOffset });
      first = i;
    }
  }
  pieces.push({ start: first === 0 ? 0 : chunks[first].start, end: text.length, lineBase: first === 0 ? 0 : chunks[first].lineOffset });
  return pieces;
}

/** True when files may be cut into pieces at all (the fast path is on: js-yaml is there and CDK8S_PATTERNS_DECODE is not 'exact'). */
export function piecesPossible(): boolean {
  return process.env.CDK8S_PATTERNS_DECODE !== 'exact' && fastParser() !== null;
}
