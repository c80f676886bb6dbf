/**
 * Every README snippet introduced by "From `examples/<file>.ts`" is the example's own code: each
 * fragment of the snippet (fragments are separated by a line `// ...`) is a run of consecutive
 * lines of that file, in order, with the file's indentation removed uniformly per fragment.
 * Import paths into this repository (`'../src'`, `'../src/storage'`) are read as the package
 * name `'cdk8s-patterns'`, the way a user imports them.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const FRAGMENT_SEPARATOR = '// ...';

interface Snippet {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** The snippets of `markdown` marked "From `examples/x.ts`", with the line of their marker. */
export function markedSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const out: Snippet[] = [];
  lines.forEach((l, i) => {
    const marker = /^From `(examples\/[^`]+\.ts)`/.exec(l);
    if (!marker) {
      return;
    }
    const open = lines.findIndex((x, k) => k > i && x.startsWith('```'));
    if (open < 0 || lines[open] !== '```ts' || lines.slice(i + 1, open).some((x) => x.trim() !== '')) {
      throw new Error(`README.md:${i + 1}: "From \`${marker[1]}\`" must be followed by a \`\`\`ts block`);
    }
    const close = lines.findIndex((x, k) => k > open && x === '```');
    out.push({ file: marker[1], line: i + 1, code: lines.slice(open + 1, close).join('\n') });
  });
  return out;
}

/** The example's lines, with imports into this repository written as the package's. */
function exampleLines(file: string): string[] {
  return fs.readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/from '\.\.\/src(\/[a-z-]+)?'/g, 'from \'cdk8s-patterns\'')
    .split('\n');
}

/** Where `fragment` occurs in `lines` from `from` on (consecutive lines, one indentation removed), else -1. */
function findFragment(lines: string[], fragment: string[], from: number): number {
  for (let start = from; start + fragment.length <= lines.length; start++) {
    const indent = lines[start].length - lines[start].trimStart().length;
    const matches = fragment.every((f, k) => {
      const l = lines[start + k];
      return f === '' ? l.trim() === '' : l.slice(0, indent).trim() === '' && l.slice(indent) === f;
    });
    if (matches) {
      return start;
    }
  }
  return -1;
}

/** The fragments of `snippet` not found in order in its example file (empty when it is verbatim). */
export function driftedFragments(snippet: Snippet): string[] {
  const lines = exampleLines(snippet.file);
  const fragments = snippet.code.split(`\n${FRAGMENT_SEPARATOR}\n`).map((f) => f.split('\n'));
  const drifted: string[] = [];
  let at = 0;
  for (const fragment of fragments) {
    const found = findFragment(lines, fragment, at);
    if (found < 0) {
      drifted.push(fragment.join('\n'));
    } else {
      at = found + fragment.length;
    }
  }
  return drifted;
}

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const snippets = markedSnippets(readme);

test('the README has snippets marked as coming from an example', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(8);
});

describe.each(snippets.map((s) => [`${s.file} (README.md:${s.line})`, s] as const))('snippet from %s', (_name, snippet) => {
  test('is verbatim from the example file', () => {
    expect(fs.existsSync(path.join(ROOT, snippet.file))).toBe(true);
    expect(driftedFragments(snippet)).toEqual([]);
  });
});

describe('the check itself', () => {
  const snippet = (code: string): Snippet => ({ file: 'examples/s1-sidecar-emptydir.ts', line: 1, code });

  test('accepts de-indented consecutive lines and fragments in order', () => {
    expect(driftedFragments(snippet('const data = pod.addSharedDir(\'data\');\ndata.mount(pod.main, \'/opt\');'))).toEqual([]);
    expect(driftedFragments(snippet(`import { SidecarPod } from 'cdk8s-patterns';\n${FRAGMENT_SEPARATOR}\ndata.mount(pod.main, '/opt');`))).toEqual([]);
  });

  test('rejects a changed line, lines out of order and fragments out of order', () => {
    expect(driftedFragments(snippet('const data = pod.addSharedDir(\'cache\');'))).toEqual(['const data = pod.addSharedDir(\'cache\');']);
    expect(driftedFragments(snippet('data.mount(pod.main, \'/opt\');\nconst data = pod.addSharedDir(\'data\');'))).toHaveLength(1);
    expect(driftedFragments(snippet(`data.mount(pod.main, '/opt');\n${FRAGMENT_SEPARATOR}\nconst data = pod.addSharedDir('data');`))).toHaveLength(1);
  });

  test('requires a ts block right after the marker', () => {
    expect(() => markedSnippets('From `examples/s1-sidecar-emptydir.ts`:\n\nsome text\n```ts\nx\n```')).toThrow(/must be followed by a ```ts block/);
  });
});
