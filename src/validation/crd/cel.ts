/**
 * `x-kubernetes-validations` CEL rules of a CRD schema, evaluated on a custom resource with
 * @marcbachmann/cel-js as a 1.27 API server does (apiextensions-apiserver v0.27.9
 * pkg/apiserver/schema/cel): `self` is the value at the rule's schema node (typed by the schema:
 * integers as int, numbers as double, property names escaped), rules on null values are skipped,
 * transition rules (those using `oldSelf`) only run on update and are skipped here, a false result is
 * reported with the rule's message (or `failed rule: <rule>`, or the evaluated messageExpression).
 *
 * Never guesses: a rule that does not parse here, calls a function this library does not have (or
 * that the Kubernetes 1.27 CEL environment defines differently), fails to evaluate, returns a
 * non-boolean, reads a date-time/duration/byte field (typed as timestamp/duration/bytes by the
 * server) or exceeds the evaluation bounds is reported as CR-UNEVALUATED (info).
 *
 * Bounds (the API server's are a static cost estimate at CRD creation plus `PerCallLimit` = 1,000,000
 * and `RuntimeCELCostBudget` = 10,000,000 per object at runtime, cel-go's cost units): before a rule
 * runs, its cost is bounded here by (AST nodes) x (values in self)^(comprehension nesting depth);
 * a rule over `PER_CALL_LIMIT` or a document whose rules together exceed `RUNTIME_BUDGET` is not
 * evaluated. `matches()` is rewritten to an RE2 (re2js) implementation: cel-js's own `matches` builds
 * a backtracking JavaScript RegExp from the pattern.
 */
import { PatternCache } from './re2';
import type { CelSite } from './schema-eval';
import { isObj, q } from '../core/json';

/** 1.27 `celconfig.PerCallLimit`. */
export const PER_CALL_LIMIT = 1_000_000;
/** 1.27 `celconfig.RuntimeCELCostBudget` (per object). */
export const RUNTIME_BUDGET = 10_000_000;
/** Longest rule or messageExpression parsed (the parser's own limits bound its work too). */
const MAX_RULE_LENGTH = 10_000;
const PARSE_LIMITS = { maxAstNodes: 2_000, maxDepth: 64, maxListElements: 1_000, maxMapEntries: 1_000, maxCallArguments: 32 };
const MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import',
  'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const SPECIAL_FORMATS = new Set(['date-time', 'datetime', 'date', 'duration', 'byte']);

/** The finding ids the CEL pass reports. */
export type CelRule = 'CR-CEL-RULE' | 'CR-UNEVALUATED';
export interface CelIssue {
  readonly rule: CelRule;
  readonly path: string;
  readonly message: string;
}

class Unsupported extends Error {}

/**
 * Loads cel-js, an ES module: Node >= 20.19 `require`s ES modules synchronously (the package needs
 * Node 20.19; jest transpiles cel-js to CommonJS, see .projenrc.ts). Where it cannot be loaded,
 * every CEL rule is reported as not evaluated.
 */
function loadCel(): any {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@marcbachmann/cel-js');
}

/** K8s CEL property-name escaping (`Escape` of apiserver/pkg/cel); undefined when the name cannot be accessed. */
export function escapeProperty(name: string): string | undefined {
  if (RESERVED.has(name)) {
    return `__${name}__`;
  }
  const escaped = name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(escaped) ? escaped : undefined;
}

/**
 * `rule` with each call of `matches` (receiver or global form) renamed to the RE2 implementation,
 * outside string literals.
 */
export function rewriteMatches(rule: string): string {
  let out = '';
  let i = 0;
  while (i < rule.length) {
    const c = rule[i];
    if (c === '"' || c === '\'') {
      const triple = rule.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const raw = i > 0 && /[rR]/.test(rule[i - 1]);
      let j = i + quote.length;
      while (j < rule.length && !rule.startsWith(quote, j)) {
        j += !raw && rule[j] === '\\' ? 2 : 1;
      }
      j = Math.min(rule.length, j + quote.length);
      out += rule.slice(i, j);
      i = j;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rule.slice(i, i + 64));
    if (m) {
      const after = /^\s*\(/.test(rule.slice(i + m[0].length, i + m[0].length + 32));
      out += m[0] === 'matches' && after ? 'k8sRe2Matches' : m[0];
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

interface AstFacts {
  nodes: number;
  depth: number;
  oldSelf: boolean;
}

/** AST node count, comprehension nesting depth and use of `oldSelf` (iteratively: no recursion on hostile input). */
function astFacts(ast: unknown): AstFacts {
  const facts: AstFacts = { nodes: 0, depth: 0, oldSelf: false };
  const pending: Array<[unknown, number]> = [[ast, 0]];
  while (pending.length > 0) {
    const [n, d] = pending.pop()!;
    if (Array.isArray(n)) {
      n.forEach((c) => pending.push([c, d]));
      continue;
    }
    if (n === null || typeof n !== 'object') {
      continue;
    }
    const node = n as { op?: string; args?: unknown };
    facts.nodes++;
    let depth = d;
    if (node.op === 'id' && node.args === 'oldSelf') {
      facts.oldSelf = true;
    }
    if (node.op === 'rcall' && Array.isArray(node.args) && MACROS.has(node.args[0] as string)) {
      depth = d + 1;
      facts.depth = Math.max(facts.depth, depth);
    }
    if (Array.isArray(node.args)) {
      node.args.forEach((c) => pending.push([c, depth]));
    } else if (node.args !== null && typeof node.args === 'object') {
      pending.push([node.args, depth]);
    }
  }
  return facts;
}

/** Runs the CEL rules of one run's custom resources (one cel-js environment per run, made on first use). */
export class CelRunner {
  private env: any;
  private loadError?: string;
  private realArray: ArrayConstructor = Array;
  private readonly programs = new Map<string, { fn?: (ctx: unknown) => unknown; facts?: AstFacts; error?: string }>();

  constructor(private readonly patterns: PatternCache) {}

  /**
   * Evaluates the rules of `sites` (one object); returns the findings. A rule not evaluated at many
   * places (e.g. on every item of a list) is reported once, with the number of other places.
   */
  public run(sites: readonly CelSite[]): CelIssue[] {
    const out: CelIssue[] = [];
    const seen = new Map<string, { index: number; more: number }>();
    for (const i of this.runAll(sites)) {
      const first = i.rule === 'CR-UNEVALUATED' ? seen.get(i.message) : undefined;
      if (first) {
        first.more++;
        continue;
      }
      if (i.rule === 'CR-UNEVALUATED') {
        seen.set(i.message, { index: out.length, more: 0 });
      }
      out.push(i);
    }
    for (const { index, more } of seen.values()) {
      if (more > 0) {
        out[index] = { ...out[index], message: `${out[index].message} (and at ${more} other place${more > 1 ? 's' : ''} of this object)` };
      }
    }
    return out;
  }

  private runAll(sites: readonly CelSite[]): CelIssue[] {
    const out: CelIssue[] = [];
    if (sites.length === 0) {
      return out;
    }
    if (!this.ready()) {
      out.push({ rule: 'CR-UNEVALUATED', path: sites[0].path, message: `x-kubernetes-validations not evaluated: the CEL library could not be loaded (${this.loadError})` });
      return out;
    }
    let spent = 0;
    for (const site of sites) {
      const rules: unknown[] = site.schema['x-kubernetes-validations'];
      let self: unknown;
      let size = 0;
      try {
        const conv = this.convert(site.value, site.schema, site.isRoot, 0);
        self = conv.value;
        size = conv.size;
      } catch (e) {
        const why = e instanceof Unsupported ? e.message : 'its value could not be converted';
        out.push({ rule: 'CR-UNEVALUATED', path: site.path, message: `x-kubernetes-validations not evaluated: ${why}` });
        continue;
      }
      const typeName = site.schema['x-kubernetes-int-or-string'] === true ? '' : String(site.schema.type ?? '');
      for (const raw of rules) {
        const rule = isObj(raw) ? raw : {};
        const text = typeof rule.rule === 'string' ? rule.rule.trim() : '';
        if (text === '') {
          continue; // reported on the CRD
        }
        const label = typeof rule.message === 'string' && rule.message.trim() !== '' ? rule.message.trim() : text;
        const prog = this.compile(text);
        if (prog.error !== undefined || !prog.fn || !prog.facts) {
          out.push({ rule: 'CR-UNEVALUATED', path: site.path, message: `rule not evaluated (${prog.error}): ${label}` });
          continue;
        }
        if (prog.facts.oldSelf) {
          continue; // a transition rule: only evaluated on update
        }
        const cost = prog.facts.nodes * Math.pow(Math.max(1, size), prog.facts.depth);
        if (cost > PER_CALL_LIMIT) {
          out.push({ rule: 'CR-UNEVALUATED', path: site.path, message: `rule not evaluated: its cost bound (${prog.facts.depth} nested comprehension(s) over ${size} values) exceeds the per-call limit ${PER_CALL_LIMIT}: ${label}` });
          continue;
        }
        spent += cost;
        if (spent > RUNTIME_BUDGET) {
          out.push({ rule: 'CR-UNEVALUATED', path: site.path, message: `rule not evaluated: the object's rules exceed the evaluation budget ${RUNTIME_BUDGET}: ${label}` });
          return out;
        }
        let result: unknown;
        try {
          result = prog.fn({ self });
        } catch (e) {
          const msg = e instanceof Error || (isObj(e) && typeof (e as any).message === 'string') ? String((e as any).message).split('\n')[0] : String(e);
          out.push({ rule: 'CR-UNEVALUATED', path: site.path, message: `rule not evaluated here (${msg}): ${label}` });
          continue;
        }
        if (result === true) {
          continue;
        }
        if (result !== false) {
          out.push({ rule: 'CR-UNEVALUATED', path: site.path, message: `rule did not evaluate to a bool here: ${label}` });
          continue;
        }
        out.push({ rule: 'CR-CEL-RULE', path: site.path, message: `Invalid value: ${q(typeName)}: ${this.message(rule, text, self)}` });
      }
    }
    return out;
  }

  private ready(): boolean {
    if (this.env || this.loadError !== undefined) {
      return this.env !== undefined;
    }
    try {
      const cel = loadCel();
      const env = new cel.Environment({ homogeneousAggregateLiterals: false, limits: PARSE_LIMITS });
      env.registerVariable('self', 'dyn');
      env.registerVariable('oldSelf', 'dyn');
      this.register(env);
      this.env = env;
      this.realArray = env.evaluate('[]').constructor;
    } catch (e) {
      this.loadError = e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
    return this.env !== undefined;
  }

  /** The Kubernetes 1.27 CEL library functions cel-js lacks, where their semantics are clear. */
  private register(env: any): void {
    const fn = (sig: string, handler: (...a: any[]) => unknown): void => {
      try {
        env.registerFunction(sig, handler);
      } catch {
        // cel-js already has it: keep cel-js's
      }
    };
    const re2 = (pattern: string, value: string): boolean => {
      const ok = this.patterns.test(pattern, value);
      if (ok === undefined) {
        throw new Error(`pattern ${q(pattern.slice(0, 80))} not evaluated`);
      }
      return ok;
    };
    fn('string.k8sRe2Matches(string): bool', (s: string, p: string) => re2(p, s));
    fn('k8sRe2Matches(string, string): bool', (s: string, p: string) => re2(p, s));
    fn('string.find(string): string', (s: string, p: string) => {
      const c = this.patterns.get(p);
      if (!c.re) {
        throw new Error('pattern not evaluated');
      }
      const m = c.re.matcher(s);
      return m.find() ? m.group() ?? '' : '';
    });
    fn('string.findAll(string): list<string>', (s: string, p: string) => {
      const c = this.patterns.get(p);
      if (!c.re) {
        throw new Error('pattern not evaluated');
      }
      const found: string[] = [];
      const m = c.re.matcher(s);
      while (m.find()) {
        found.push(m.group() ?? '');
      }
      return this.realArray.from(found);
    });
    const cmp = (a: any, b: any): number => (a < b ? -1 : a > b ? 1 : 0);
    const uniform = (l: unknown[]): void => {
      if (l.some((x) => typeof x !== typeof l[0] || (typeof x !== 'bigint' && typeof x !== 'number' && typeof x !== 'string'))) {
        throw new Error('list functions on mixed or non-comparable element types are not evaluated here');
      }
    };
    fn('list.isSorted(): bool', (l: unknown[]) => {
      uniform(l);
      return l.every((x, i) => i === 0 || cmp(l[i - 1], x) <= 0);
    });
    fn('list.sum(): dyn', (l: unknown[]) => {
      if (l.length === 0) {
        throw new Error('sum of an empty list is typed by the schema: not evaluated here');
      }
      uniform(l);
      return (l as any[]).reduce((a, b) => a + b);
    });
    fn('list.min(): dyn', (l: unknown[]) => {
      if (l.length === 0) {
        throw new Error('min called on empty list');
      }
      uniform(l);
      return l.reduce((a, b) => (cmp(b, a) < 0 ? b : a));
    });
    fn('list.max(): dyn', (l: unknown[]) => {
      if (l.length === 0) {
        throw new Error('max called on empty list');
      }
      uniform(l);
      return l.reduce((a, b) => (cmp(b, a) > 0 ? b : a));
    });
  }

  private compile(text: string): { fn?: (ctx: unknown) => unknown; facts?: AstFacts; error?: string } {
    let prog = this.programs.get(text);
    if (prog) {
      return prog;
    }
    if (text.length > MAX_RULE_LENGTH) {
      prog = { error: `longer than ${MAX_RULE_LENGTH} characters` };
    } else {
      try {
        const fn = this.env.parse(rewriteMatches(text));
        prog = { fn, facts: astFacts(fn.ast) };
      } catch (e) {
        prog = { error: `does not parse here: ${(e instanceof Error || isObj(e) ? String((e as any).message) : String(e)).split('\n')[0]}` };
      }
    }
    this.programs.set(text, prog);
    return prog;
  }

  /** The message of a failed rule: messageExpression's value, else `message`, else `failed rule: <rule>`. */
  private message(rule: Record<string, any>, text: string, self: unknown): string {
    const fallback = typeof rule.message === 'string' && rule.message.trim() !== '' ? rule.message.trim() : `failed rule: ${text}`;
    if (typeof rule.messageExpression === 'string' && rule.messageExpression.trim() !== '') {
      const prog = this.compile(rule.messageExpression.trim());
      if (prog.fn && prog.facts && prog.facts.depth === 0) {
        try {
          const v = prog.fn({ self });
          if (typeof v === 'string' && v.trim() !== '' && !v.includes('\n') && v.length <= 5120) {
            return v;
          }
        } catch {
          // the server falls back to the message too
        }
      }
    }
    return fallback;
  }

  /**
   * `self` for a rule: the value typed by its schema, with defaults applied and non-nullable nulls
   * pruned, as a null-prototype map (cel-js's maps) and cel-js's arrays; `size` counts the values.
   */
  private convert(v: unknown, s: unknown, resource: boolean, depth: number): { value: unknown; size: number } {
    if (depth > 100) {
      throw new Unsupported('value nested too deeply');
    }
    const schema = isObj(s) ? s : {};
    if (typeof schema.format === 'string' && SPECIAL_FORMATS.has(schema.format) && typeof v === 'string') {
      throw new Unsupported(`a ${schema.format} field is typed as ${schema.format === 'byte' ? 'bytes' : schema.format.startsWith('date') ? 'timestamp' : 'duration'} by the API server`);
    }
    if (v === null || v === undefined) {
      return { value: null, size: 1 };
    }
    if (typeof v === 'number') {
      const asInt = Number.isInteger(v) && (schema.type === 'integer' || schema['x-kubernetes-int-or-string'] === true || schema.type === undefined);
      return { value: asInt ? BigInt(v) : v, size: 1 };
    }
    if (typeof v === 'string') {
      return { value: v, size: 1 + Math.floor(v.length / 64) };
    }
    if (typeof v === 'boolean') {
      return { value: v, size: 1 };
    }
    if (Array.isArray(v)) {
      let size = 1;
      const items = v.map((x) => {
        const c = this.convert(x, schema.items, isObj(schema.items) && schema.items['x-kubernetes-embedded-resource'] === true, depth + 1);
        size += c.size;
        return c.value;
      });
      return { value: this.realArray.from(items), size };
    }
    if (!isObj(v)) {
      throw new Unsupported('unsupported value');
    }
    const out: Record<string, unknown> = Object.create(null);
    let size = 1;
    const props = isObj(schema.properties) ? schema.properties : undefined;
    const ap = isObj(schema.additionalProperties) ? schema.additionalProperties : undefined;
    for (const [k, x] of Object.entries(v)) {
      if (resource && k === 'metadata') {
        const meta: Record<string, unknown> = Object.create(null);
        for (const f of ['name', 'generateName']) {
          if (isObj(x) && typeof x[f] === 'string') {
            meta[f] = x[f];
          }
        }
        out.metadata = meta;
        continue;
      }
      if (props && Object.prototype.hasOwnProperty.call(props, k)) {
        const ps = props[k];
        if (x === null && !(isObj(ps) && ps.nullable === true)) {
          continue;
        }
        const name = escapeProperty(k);
        if (name === undefined) {
          continue;
        }
        const c = this.convert(x, ps, isObj(ps) && ps['x-kubernetes-embedded-resource'] === true, depth + 1);
        out[name] = c.value;
        size += c.size;
      } else if (ap) {
        const c = this.convert(x, ap, false, depth + 1);
        out[k] = c.value;
        size += c.size;
      } else if (resource && (k === 'apiVersion' || k === 'kind')) {
        out[k] = x;
        size += 1;
      }
      // unknown fields are pruned before validation: not visible to rules
    }
    if (props) {
      for (const [k, ps] of Object.entries(props)) {
        const name = escapeProperty(k);
        if (name !== undefined && !(name in out) && isObj(ps) && ps.default !== undefined && ps.default !== null) {
          const c = this.convert(ps.default, ps, false, depth + 1);
          out[name] = c.value;
          size += c.size;
        }
      }
    }
    return { value: out, size };
  }
}
