/**
 * `cdk8s-patterns validate <file|dir|->...`: validates YAML/JSON manifests (multi-document) with
 * the manifest validator and prints the findings. Not part of the jsii API (bin/cdk8s-patterns
 * requires the compiled `lib/validation/cli.js`).
 *
 * Exit codes: 0 no failures, 1 failures (findings at or above --fail-on), 2 usage error or
 * unreadable input (including YAML syntax errors, reported with file and line).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Alias, Document, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import { Finding, Severity } from './finding';
import { ManifestValidator, ManifestValidatorOptions } from './manifest-validator';
import { hasOwn, pathSegments, SourceDoc } from './report';
import { isKnownRule } from './rules';

/** Where the CLI writes (tests pass their own). */
export interface CliIo {
  /** Directory relative paths are resolved against. */
  readonly cwd?: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads standard input (for the path '-'). */
  readStdin?(): string;
}

const USAGE = `Usage: cdk8s-patterns validate [options] <file|dir|->...

Validates Kubernetes manifests (YAML or JSON, multi-document) offline against what a
Kubernetes 1.27 API server and its PV binder accept, plus best-practice lint.
Directories are searched recursively for *.yaml, *.yml and *.json (except cdk8s-cli's
construct-metadata.json); '-' reads stdin.

Options:
  --format text|json        output format (default: text)
  --fail-on error|warning|info
                            lowest severity that makes the exit code 1 (default: error)
  --severity RULE=LEVEL     override a rule's severity (repeatable), e.g. LINT-LATEST-TAG=error
  --disable RULE[,RULE...]  do not check these rules (repeatable)
  --no-lint                 skip the best-practice lint rules (LINT-*)
  --no-cross-object         skip the rules across objects (binding, references, selectors)
  --quiet                   print failures only
  -h, --help                show this help

Exit codes: 0 no failures, 1 failures, 2 usage error or unreadable input.`;

const SEVERITIES: Record<string, Severity> = { error: Severity.ERROR, warning: Severity.WARNING, info: Severity.INFO };

class UsageError extends Error {}
class InputError extends Error {}

interface ParsedArgs {
  readonly inputs: string[];
  readonly format: 'text' | 'json';
  readonly quiet: boolean;
  readonly options: ManifestValidatorOptions;
}

function parseArgs(argv: string[]): ParsedArgs | 'help' {
  const args = [...argv];
  if (args.length === 0 || args[0] === '-h' || args[0] === '--help' || args[0] === 'help') {
    return 'help';
  }
  const command = args.shift();
  if (command !== 'validate') {
    throw new UsageError(`unknown command '${command}'; the only command is 'validate'`);
  }
  const inputs: string[] = [];
  let format: 'text' | 'json' = 'text';
  let quiet = false;
  let failOn: Severity | undefined;
  const overrides: Record<string, Severity> = {};
  const disabled: string[] = [];
  let lint = true;
  let crossObject = true;
  const value = (flag: string, inline?: string): string => {
    const v = inline ?? args.shift();
    if (v === undefined || (inline === undefined && v.startsWith('--'))) {
      throw new UsageError(`${flag} needs a value`);
    }
    return v;
  };
  while (args.length > 0) {
    const arg = args.shift()!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const f = value(flag, inline);
        if (f !== 'text' && f !== 'json') {
          throw new UsageError(`--format must be 'text' or 'json', got '${f}'`);
        }
        format = f;
        break;
      }
      case '--fail-on': {
        const s = value(flag, inline);
        if (!hasOwn(SEVERITIES, s)) {
          throw new UsageError(`--fail-on must be 'error', 'warning' or 'info', got '${s}'`);
        }
        failOn = SEVERITIES[s];
        break;
      }
      case '--severity': {
        const spec = value(flag, inline);
        const m = /^([A-Z0-9.-]+)=(error|warning|info)$/.exec(spec);
        if (!m) {
          throw new UsageError(`--severity takes RULE=error|warning|info, got '${spec}'`);
        }
        overrides[m[1]] = SEVERITIES[m[2]];
        break;
      }
      case '--disable':
        disabled.push(...value(flag, inline).split(',').map((x) => x.trim()).filter((x) => x));
        break;
      case '--no-lint':
        lint = false;
        break;
      case '--no-cross-object':
        crossObject = false;
        break;
      case '--quiet':
        quiet = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') {
          throw new UsageError(`unknown option '${arg}'`);
        }
        inputs.push(arg);
    }
  }
  for (const [flag, ids] of [['--severity', Object.keys(overrides)], ['--disable', disabled]] as const) {
    const unknown = ids.filter((id) => !isKnownRule(id));
    if (unknown.length > 0) {
      throw new UsageError(`${flag}: unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}; `
        + 'use the ids listed in docs/validation.md, e.g. \'LINT-LATEST-TAG\'');
    }
  }
  if (inputs.length === 0) {
    throw new UsageError('no input: name at least one file or directory (or - for stdin)');
  }
  return { inputs, format, quiet, options: { failOn, severityOverrides: overrides, disabledRules: disabled, lint, crossObject } };
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/**
 * Files a directory walk skips: cdk8s-cli's sidecar `construct-metadata.json` (written next to
 * the manifests by `cdk8s synth` when validations are configured) is not a manifest. A file
 * named on the command line is always read.
 */
const SKIPPED_FILES = new Set(['construct-metadata.json']);

function listFiles(input: string, cwd: string): string[] {
  if (input === '-') {
    return ['-'];
  }
  const abs = path.resolve(cwd, input);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new InputError(`${input}: no such file or directory`);
  }
  if (!stat.isDirectory()) {
    return [abs];
  }
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
          walk(p);
        }
      } else if (MANIFEST_EXTENSIONS.some((e) => entry.name.endsWith(e)) && !SKIPPED_FILES.has(entry.name)) {
        out.push(p);
      }
    }
  };
  walk(abs);
  return out;
}

/** `file:line:col` of offset `pos` (1-based line and column). */
function at(file: string, lineCounter: LineCounter, pos: number | undefined): string {
  if (pos === undefined) {
    return file;
  }
  const { line, col } = lineCounter.linePos(pos);
  return `${file}:${line}:${col}`;
}

/** The scalar text of a map key (for messages), or a short description of a complex key. */
function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** "duplicate field" error for the duplicate key at offset `pos` of `doc`. */
function duplicateKeyError(doc: Document, file: string, lineCounter: LineCounter, pos: number): InputError {
  let found: string | undefined;
  visit(doc, {
    Map(_key, map) {
      const i = map.items.findIndex((p) => (p.key as any)?.range?.[0] === pos);
      if (i > 0) {
        const name = keyText(map.items[i].key);
        const first = map.items.slice(0, i).find((p) => keyText(p.key) === name);
        const firstLine = first ? lineCounter.linePos((first.key as any)?.range?.[0] ?? 0).line : undefined;
        found = `duplicate field ${JSON.stringify(name)}${firstLine ? ` (first defined at line ${firstLine})` : ''}; `
          + 'the API server\'s strict decoding rejects duplicate fields: keep one';
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return new InputError(`${at(file, lineCounter, pos)}: YAML error: ${found ?? 'duplicate field; the API server\'s strict decoding rejects duplicate fields: keep one'}`);
}

/** The error for an alias problem met while resolving `doc` (`cause` is what yaml threw). */
function aliasError(doc: Document, file: string, lineCounter: LineCounter, cause: Error): InputError {
  let undefinedAlias: Alias | undefined;
  let firstAlias: Alias | undefined;
  visit(doc, {
    Alias(_key, alias) {
      firstAlias = firstAlias ?? alias;
      if (alias.resolve(doc) === undefined) {
        undefinedAlias = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (undefinedAlias) {
    return new InputError(`${at(file, lineCounter, undefinedAlias.range?.[0])}: YAML error: alias *${undefinedAlias.source} refers to no anchor `
      + `(define &${undefinedAlias.source} before it)`);
  }
  if (/alias count/i.test(cause.message)) {
    return new InputError(`${at(file, lineCounter, firstAlias?.range?.[0])}: YAML error: the aliases expand too much (more than ${MAX_ALIAS_COUNT} `
      + 'alias expansions, as in a "billion laughs" alias bomb); write the repeated parts out');
  }
  return new InputError(`${at(file, lineCounter, doc.range?.[0])}: YAML error: ${cause.message.split('\n')[0]}`);
}

/** yaml's default; go-yaml bounds alias expansion likewise. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses one YAML/JSON text into documents with line information.
 *
 * Every problem with the text (syntax, duplicate keys, unknown tags, undefined aliases, alias
 * bombs) throws an `InputError` `file:line:col: YAML ...: message`.
 */
export function parseManifests(text: string, file: string, firstIndex: number): SourceDoc[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) {
    return [];
  }
  const out: SourceDoc[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      if (err.code === 'DUPLICATE_KEY') {
        throw duplicateKeyError(doc, file, lineCounter, err.pos[0]);
      }
      throw new InputError(`${at(file, lineCounter, err.pos[0])}: YAML syntax error: ${err.message.split('\n')[0]}`);
    }
    const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (tag) {
      const name = /Unresolved tag: (\S+)/.exec(tag.message)?.[1] ?? 'tag';
      throw new InputError(`${at(file, lineCounter, tag.pos[0])}: YAML error: unknown tag ${name}; Kubernetes manifests use no custom tags: remove it`);
    }
    const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
    const addDoc = (manifest: any, basePath: Array<string | number>, start: number | undefined) => {
      out.push({
        manifest,
        index: firstIndex + out.length,
        file,
        line: lineAt(start),
        lineOf: (p: string) => {
          const segs = [...basePath, ...pathSegments(p)];
          // the deepest node that exists (a missing field is reported at its parent's line)
          for (let n = segs.length; n >= basePath.length; n--) {
            const node: any = doc.getIn(segs.slice(0, n), true);
            if (node && Array.isArray(node.range)) {
              return lineAt(node.range[0]);
            }
          }
          return lineAt(start);
        },
      });
    };
    const contents: any = doc.contents;
    if (contents === null || contents === undefined) {
      continue;
    }
    let value: any;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      throw aliasError(doc, file, lineCounter, e as Error);
    }
    if (Array.isArray(value) && isSeq(contents)) {
      value.forEach((item, i) => addDoc(item, [i], (contents.items[i] as any)?.range?.[0]));
    } else if (value && typeof value === 'object' && value.kind === 'List' && Array.isArray(value.items) && isMap(contents)) {
      const items: any = contents.get('items', true);
      value.items.forEach((item: any, i: number) => addDoc(item, ['items', i], items?.items?.[i]?.range?.[0]));
    } else {
      addDoc(value, [], contents.range?.[0]);
    }
  }
  return out;
}

interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly objects: number;
  readonly files: number;
}

function summary(findings: Finding[], objects: number, files: number): Summary {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { errors: count(Severity.ERROR), warnings: count(Severity.WARNING), infos: count(Severity.INFO), objects, files };
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => fs.readFileSync(0, 'utf8'),
};

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 */
export function runCli(argv: string[], io: CliIo = defaultIo): number {
  const cwd = io.cwd ?? process.cwd();
  let parsed: ParsedArgs | 'help';
  let validator: ManifestValidator;
  try {
    parsed = parseArgs(argv);
    if (parsed === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    validator = new ManifestValidator(parsed.options);
  } catch (e) {
    io.stderr(`cdk8s-patterns: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const docs: SourceDoc[] = [];
  let fileCount = 0;
  try {
    for (const input of parsed.inputs) {
      for (const file of listFiles(input, cwd)) {
        fileCount++;
        const shown = file === '-' ? '<stdin>' : path.relative(cwd, file) || file;
        let text: string;
        try {
          text = file === '-' ? (io.readStdin ?? defaultIo.readStdin!)() : fs.readFileSync(file, 'utf8');
        } catch (e) {
          throw new InputError(`${shown}: cannot read: ${(e as Error).message}`);
        }
        try {
          docs.push(...parseManifests(text, shown, docs.length));
        } catch (e) {
          // anything yaml itself throws (e.g. a stack overflow) is still an input error, not a crash
          throw e instanceof InputError ? e : new InputError(`${shown}: cannot parse: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
        }
      }
    }
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`cdk8s-patterns: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const findings = validator._validateDocs(docs);
  const failures = validator.failures(findings);
  const shown = parsed.quiet ? failures : findings;
  const counts = summary(findings, docs.filter((d) => d.manifest !== null && d.manifest !== undefined).length, fileCount);
  if (parsed.format === 'json') {
    io.stdout(`${JSON.stringify({ findings: shown, summary: { ...counts, failures: failures.length } }, undefined, 2)}\n`);
  } else {
    for (const f of shown) {
      io.stdout(`${ManifestValidator.formatFinding(f)}\n`);
    }
    io.stdout(`${counts.errors} error(s), ${counts.warnings} warning(s), ${counts.infos} info(s) in ${counts.objects} object(s) from ${counts.files} file(s)`
      + `${failures.length > 0 ? `: FAILED (${failures.length} at or above ${validator.failOn})` : ''}\n`);
  }
  return failures.length > 0 ? 1 : 0;
}
