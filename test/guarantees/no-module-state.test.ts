/**
 * Guarantee: no module-level mutable state in src/. State kept in a module outlives the app that
 * made it and is shared by every app (and every test case) of the process; the library keeps
 * per-construct state on the constructs instead (src/private/construct-state.ts).
 *
 * Every `src/**\/*.ts` file is scanned for top-level `let` / `var` declarations and for top-level
 * `const X = new Map|Set|WeakMap|WeakSet(...)` whose variable is mutated anywhere in the file
 * (`X.set(`, `X.add(`, `X.delete(`, `X.clear(`). Read-only lookup tables are fine.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const REPO = path.resolve(__dirname, '..', '..');
const SRC = path.join(REPO, 'src');

/**
 * Offenders (`file name`, without the line) owned by work in progress elsewhere, to be fixed
 * there; remove each entry once its file is fixed. Nothing else may be added here.
 */
const PENDING = new Set<string>([]);

const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);

/** One piece of module-level mutable state. */
interface Offender {
  readonly line: number;
  readonly name: string;
}

/** Every `.ts` file under `dir`, as sorted absolute paths. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...tsFiles(full));
    } else if (entry.isFile() && entry.name.endsWith('.ts')) {
      out.push(full);
    }
  }
  return out.sort();
}

/** The names a binding declares (`let a`, `let { a, b: [c] }`). */
function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) {
    return [name.text];
  }
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(e.name)));
}

/** True when `init` is `new Map(...)`, `new Set<T>(...)`, ... (through `as` / parentheses). */
function isNewCollection(init: ts.Expression | undefined): boolean {
  while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) {
    init = init.expression;
  }
  return init !== undefined && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && COLLECTIONS.has(init.expression.text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The module-level mutable state of one file. */
function moduleStateOf(fileName: string, text: string): Offender[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Offender[] = [];
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) {
      continue;
    }
    const list = statement.declarationList;
    const keyword = list.getFirstToken(sf)?.kind; // `await using` starts with AwaitKeyword
    const isLetOrVar = keyword === ts.SyntaxKind.LetKeyword || keyword === ts.SyntaxKind.VarKeyword;
    const isConst = keyword === ts.SyntaxKind.ConstKeyword;
    for (const decl of list.declarations) {
      const line = sf.getLineAndCharacterOfPosition(decl.getStart(sf)).line + 1;
      if (isLetOrVar) {
        out.push(...boundNames(decl.name).map((name) => ({ line, name })));
      } else if (isConst && ts.isIdentifier(decl.name) && isNewCollection(decl.initializer)) {
        const mutated = new RegExp(`(^|[^\\w$.])${escapeRegExp(decl.name.text)}\\s*\\??\\.\\s*(set|add|delete|clear)\\s*\\(`, 'm');
        if (mutated.test(text)) {
          out.push({ line, name: decl.name.text });
        }
      }
    }
  }
  return out;
}

/** Every offender under src/, as `file:line name`. */
function offenders(): string[] {
  return tsFiles(SRC).flatMap((file) => {
    const rel = path.relative(REPO, file).split(path.sep).join('/');
    return moduleStateOf(rel, fs.readFileSync(file, 'utf8')).map((o) => `${rel}:${o.line} ${o.name}`);
  });
}

/** `file:line name` without the line. */
function withoutLine(offender: string): string {
  return offender.replace(/:\d+ /, ' ');
}

describe('the scanner', () => {
  test('flags top-level let and var, with every name they bind', () => {
    const text = 'let a = 1;\nexport let b: string | undefined;\nvar { c, d: [e] } = x;\n';
    expect(moduleStateOf('f.ts', text)).toEqual([
      { line: 1, name: 'a' }, { line: 2, name: 'b' }, { line: 3, name: 'c' }, { line: 3, name: 'e' },
    ]);
  });

  test('flags a top-level collection that the file mutates', () => {
    const text = [
      'const A = new Map<string, number>();',
      'const B = new WeakSet<object>();',
      'export const C = new Set([1]) as ReadonlySet<number>;',
      'const D = new WeakMap();',
      'function f(o: object) { A.set("x", 1); B.add(o); }',
      'export function g() { C .delete(1); D?.clear(); }',
    ].join('\n');
    expect(moduleStateOf('f.ts', text).map((o) => o.name)).toEqual(['A', 'B', 'C', 'D']);
  });

  test('ignores read-only lookup tables, other constants and state inside functions and classes', () => {
    const text = [
      'const TABLE = new Map([["a", 1]]);',
      'const KINDS = new Set(["Pod"]);',
      'const RE = /x/g;',
      'const LIST = [1, 2];',
      'export function f() { let n = 0; const m = new Map(); m.set(1, n++); return TABLE.get("a") ?? KINDS.has("x"); }',
      'class K { private readonly seen = new Set<string>(); add(s: string) { this.seen.add(s); } }',
      'const other = { TABLE: new Map() }; other.TABLE.set(1, 2); x.KINDS.add(1);',
    ].join('\n');
    expect(moduleStateOf('f.ts', text)).toEqual([]);
  });
});

describe('src/', () => {
  test('has no module-level mutable state', () => {
    const found = offenders().filter((o) => !PENDING.has(withoutLine(o)));
    expect(found).toEqual([]);
  });
});
