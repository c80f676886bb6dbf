/**
 * `cdk8s-patterns validate <file|dir|->...`: validates YAML/JSON manifests (multi-document) with
 * the manifest validator and prints the findings. Not part of the jsii API (bin/cdk8s-patterns
 * requires the compiled `lib/validation/cli.js`).
 *
 * YAML is decoded as kubectl decodes it (src/validation/decode.ts). A file or document that cannot
 * be decoded is a `YAML-INVALID` error finding with its line and column; every other file and
 * document is still validated.
 *
 * Exit codes: 0 no failures, 1 failures (findings at or above --fail-on), 2 usage error (unknown
 * option, a path that does not exist).
 */
import * as fs from 'fs';
import { InputError, listFiles, shownName } from './cli/files';
import { FORMATS, Format, ObjectRef, render, Report } from './cli/formats';
import { DecodeError } from './decode';
import { decodeManifestsFast } from './decode-fast';
import { decodeErrorFindings, mergeFindings } from './decode-findings';
import { Severity } from './finding';
import { ManifestValidator, ManifestValidatorOptions } from './manifest-validator';
import { hasOwn, SourceDoc } from './report';
import { isKnownRule } from './rules';

/** Where the CLI writes (tests pass their own). */
export interface CliIo {
  /** Directory relative paths are resolved against. */
  readonly cwd?: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads standard input (for the path '-'). */
  readStdin?(): string;
  /**
   * Shows a progress line (`undefined`: clear it). Only set when stderr is a terminal and the run
   * is not in CI; the CLI calls it only for long runs, never with --quiet or --format json.
   */
  progress?(text: string | undefined): void;
}

const USAGE = `Usage: cdk8s-patterns validate [options] <file|dir|->...

Validates Kubernetes manifests (YAML or JSON, multi-document) offline against what a
Kubernetes 1.27 API server and its PV binder accept, plus best-practice lint. YAML is read
as kubectl reads it (YAML 1.1: yes/no/on/off are booleans, 0644 is octal, merge keys <<,
duplicate keys: the last one wins, with a warning).
Directories are searched recursively for *.yaml, *.yml and *.json (except cdk8s-cli's
construct-metadata.json); '-' reads stdin.

Options:
  --format text|json|junit|sarif|github
                            output format (default: text); junit: one test case per object;
                            sarif: SARIF 2.1.0 (GitHub code scanning); github: workflow annotations
  --fail-on error|warning|info
                            lowest severity that makes the exit code 1 (default: error)
  --severity RULE=LEVEL     override a rule's severity (repeatable), e.g. LINT-LATEST-TAG=error
  --disable RULE[,RULE...]  do not check these rules (repeatable)
  --crd FILE|DIR            CustomResourceDefinitions to validate custom resources against
                            (repeatable; CRDs among the validated files are used too)
  --no-lint                 skip the best-practice lint rules (LINT-*)
  --no-cross-object         skip the rules across objects (binding, references, selectors)
  --quiet                   print failures only
  -h, --help                show this help

Exit codes: 0 no failures, 1 failures (a file that cannot be read or decoded is one),
2 usage error.`;

const SEVERITIES: Record<string, Severity> = { error: Severity.ERROR, warning: Severity.WARNING, info: Severity.INFO };

class UsageError extends Error {}

interface ParsedArgs {
  readonly inputs: string[];
  readonly crds: string[];
  readonly format: Format;
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
  const crds: string[] = [];
  let format: Format = 'text';
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
        if (!(FORMATS as readonly string[]).includes(f)) {
          throw new UsageError(`--format must be one of ${FORMATS.map((x) => `'${x}'`).join(', ')}, got '${f}'`);
        }
        format = f as Format;
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
      case '--crd':
        crds.push(value(flag, inline));
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
  return { inputs, crds, format, quiet, options: { failOn, severityOverrides: overrides, disabledRules: disabled, lint, crossObject } };
}

/** Exits quietly (with the exit code already set) when the reader of stdout goes away (`| head`). */
function onStdoutError(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') {
    process.exit(process.exitCode ?? 0);
  }
  throw e;
}

/** Installs `onStdoutError` once (the listener itself says whether it is there: no module flag). */
function exitOnEpipe(): void {
  if (!process.stdout.listeners('error').includes(onStdoutError as (...args: any[]) => void)) {
    process.stdout.on('error', onStdoutError);
  }
}

const defaultIo: CliIo = {
  stdout: (t) => {
    exitOnEpipe();
    process.stdout.write(t);
  },
  stderr: (t) => process.stderr.write(t),
  readStdin: () => fs.readFileSync(0, 'utf8'),
  progress: process.stderr.isTTY && !process.env.CI
    ? (t) => process.stderr.write(t === undefined ? '\r\u001b[K' : `\r\u001b[K${t}`)
    : undefined,
};

/** Progress is shown after this long (a short run prints nothing). */
const PROGRESS_AFTER_MS = 1000;

interface Input {
  readonly docs: SourceDoc[];
  readonly errors: DecodeError[];
  readonly files: string[];
}

/** Reads and decodes every file of `inputs`; a file that cannot be read or decoded is a decode error. */
function readInputs(inputs: readonly string[], cwd: string, io: CliIo, progress: (files: number, total: number, objects: number) => void): Input {
  const docs: SourceDoc[] = [];
  const errors: DecodeError[] = [];
  const files: string[] = [];
  // every path first: a path that does not exist is a usage error before any work
  const all = inputs.flatMap((input) => listFiles(input, cwd));
  for (const file of all) {
    const shown = shownName(file, cwd);
    files.push(shown);
    let text: string;
    try {
      text = file === '-' ? (io.readStdin ?? defaultIo.readStdin!)() : fs.readFileSync(file, 'utf8');
    } catch (e) {
      errors.push({ file: shown, message: `cannot read: ${(e as Error).message}`, objectsBefore: 0 });
      continue;
    }
    const decoded = decodeManifestsFast(text, shown, docs.length);
    for (const d of decoded.docs) {
      docs.push(d);
    }
    errors.push(...decoded.errors);
    progress(files.length, all.length, docs.length);
  }
  return { docs, errors, files };
}

function objectRef(d: SourceDoc): ObjectRef {
  const m = d.manifest;
  const meta = m && typeof m === 'object' && m.metadata && typeof m.metadata === 'object' ? m.metadata : {};
  return {
    file: d.file,
    line: d.line,
    kind: typeof m?.kind === 'string' ? m.kind : '?',
    name: typeof meta.name === 'string' ? meta.name : '?',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
  };
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 */
export function runCli(argv: string[], io: CliIo = defaultIo): number {
  const cwd = io.cwd ?? process.cwd();
  let parsed: ParsedArgs | 'help';
  try {
    parsed = parseArgs(argv);
    if (parsed === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    new ManifestValidator(parsed.options); // option errors are usage errors
  } catch (e) {
    io.stderr(`cdk8s-patterns: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  let shownProgress = false;
  const showProgress = parsed.quiet || parsed.format === 'json' ? undefined : io.progress;
  const progress = (text: string | undefined) => {
    if (showProgress && (shownProgress || (text !== undefined && Date.now() - started >= PROGRESS_AFTER_MS))) {
      showProgress(text);
      shownProgress = text !== undefined;
    }
  };
  let input: Input;
  let crdInput: Input;
  try {
    crdInput = readInputs(parsed.crds, cwd, io, () => undefined);
    input = readInputs(parsed.inputs, cwd, io, (files, total, objects) => progress(`cdk8s-patterns: read ${files}/${total} file(s), ${objects} object(s)`));
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`cdk8s-patterns: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const crds = crdInput.docs.map((d) => d.manifest).filter((m) => m && typeof m === 'object' && m.kind === 'CustomResourceDefinition');
  const options: ManifestValidatorOptions = { ...parsed.options, customResourceDefinitions: crds };
  const validator = new ManifestValidator(options);
  progress(`cdk8s-patterns: validating ${input.docs.length} object(s)`);
  const findings = mergeFindings(validator._validateDocs(input.docs), decodeErrorFindings([...crdInput.errors, ...input.errors], options),
    [...crdInput.files, ...input.files]);
  progress(undefined);
  const failures = validator.failures(findings);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const objects = input.docs.filter((d) => d.manifest !== null && d.manifest !== undefined);
  const report: Report = {
    findings,
    shown: parsed.quiet ? failures : findings,
    failures,
    failOn: validator.failOn,
    summary: {
      errors: count(Severity.ERROR),
      warnings: count(Severity.WARNING),
      infos: count(Severity.INFO),
      objects: objects.length,
      files: input.files.length,
    },
    objects: objects.map(objectRef),
  };
  io.stdout(render(parsed.format, report));
  return failures.length > 0 ? 1 : 0;
}
