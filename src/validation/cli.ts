/**
 * `cdk8s-patterns validate <file|dir|->...`: validates YAML/JSON manifests (multi-document) with
 * the manifest validator and prints the findings. Not part of the jsii API (bin/cdk8s-patterns
 * requires the compiled `lib/validation/cli.js`).
 *
 * YAML is decoded as kubectl decodes it (src/validation/decode.ts). A file or document that cannot
 * be decoded is a `YAML-INVALID` error finding with its line and column; every other file and
 * document is still validated.
 *
 * At scale (issue 11), documents are validated one by one (cli/engine.ts): each is decoded, goes
 * through the per-object layers, and only its findings and a slim record for the cross-object
 * layer (slim.ts) are kept; a big file is cut into pieces by byte range and read piece by piece
 * (cli/pieces.ts), never whole. With --jobs N (default: the number of CPUs), N - 1 worker threads
 * and the main thread share the pieces (cli/pool.ts, cli/worker.ts); the cross-object layer runs
 * once on the main thread. The report is the same for any --jobs and any cut. Files are read
 * again (the pieces that need it) for the field lines of cross-object findings and for objects of
 * a kind that a CRD later in the set defines: the files must not change during the run.
 *
 * Exit codes: 0 no failures, 1 failures (findings at or above --fail-on), 2 usage error (unknown
 * option, a path that does not exist).
 */
import * as fs from 'fs';
import * as os from 'os';
import { assemble, PerObjectEngine, RunDoc, Task, TaskResult } from './cli/engine';
import { InputError, listFiles, shownName } from './cli/files';
import { FORMATS, Format, render, Report } from './cli/formats';
import { BytePiece, planPieces } from './cli/pieces';
import { PoolStats, runTasks } from './cli/pool';
import { DecodeError } from './decode';
import { decodeManifestsFast, filePieces, piecesPossible } from './decode-fast';
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
  --jobs N                  validate on N threads (default: the number of CPUs); the output
                            is the same for any N; inputs under 5 MB use one thread
  -h, --help                show this help

Exit codes: 0 no failures, 1 failures (a file that cannot be read or decoded is one),
2 usage error.`;

const SEVERITIES: Record<string, Severity> = { error: Severity.ERROR, warning: Severity.WARNING, info: Severity.INFO };

class UsageError extends Error {}

interface ParsedArgs {
  readonly jobs: number;
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
  let jobs = defaultJobs();
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
      case '--jobs': {
        const n = value(flag, inline);
        if (!/^[1-9][0-9]{0,3}$/.test(n)) {
          throw new UsageError(`--jobs takes a number of threads (1 or more), got '${n}'`);
        }
        jobs = Number(n);
        break;
      }
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
  return { jobs, inputs, crds, format, quiet, options: { failOn, severityOverrides: overrides, disabledRules: disabled, lint, crossObject } };
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

/**
 * Inputs smaller than this (bytes, all files together, about 5,000 objects) are validated on the
 * main thread only, whatever --jobs says: a worker thread takes about 0.4 s to start (to load the
 * validator and warm it up), as long as validating 2,000 objects; measured with `npm run bench`,
 * --jobs 2 on 2,000 objects (2 MB) was slower than --jobs 1.
 */
const PARALLEL_MIN_BYTES = 5_000_000;

/**
 * A file larger than this (characters) is cut into pieces of about this size (decode-fast.ts
 * `filePieces`, about 30 objects): decoded one piece at a time, so that the full objects of a
 * piece die young (memory does not grow with them), and spread over the threads.
 */
const PIECE_CHARS = 32_000;

/** Thresholds of the CLI (tests lower them to exercise the worker threads on small inputs). */
export interface CliTuning {
  /** Default PARALLEL_MIN_BYTES. */
  readonly minParallelBytes?: number;
  /** Default PIECE_CHARS. */
  readonly pieceChars?: number;
  /** Told how the tasks were spread over the threads. */
  readonly onPool?: (stats: PoolStats) => void;
  /** The code of the worker threads instead of cli/worker (tests: a worker that fails). */
  readonly workerCode?: string;
}

function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** Progress is shown after this long (a short run prints nothing). */
const PROGRESS_AFTER_MS = 1000;

/** A file to validate (standard input is read at once: its text). */
interface FileEntry {
  readonly file: string;
  readonly shown: string;
  readonly text?: string;
  /** Why standard input could not be read. */
  readonly readError?: string;
}

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

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 */
export function runCli(argv: string[], io: CliIo = defaultIo, tuning: CliTuning = {}): number {
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
  let crdInput: Input;
  let paths: string[];
  try {
    crdInput = readInputs(parsed.crds, cwd, io, () => undefined);
    // every path first: a path that does not exist is a usage error before any work
    paths = parsed.inputs.flatMap((input) => listFiles(input, cwd));
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
  const refs = parsed.format === 'junit';
  const files: FileEntry[] = paths.map((file) => {
    const shown = shownName(file, cwd);
    if (file !== '-') {
      return { file, shown };
    }
    try {
      return { file, shown, text: (io.readStdin ?? defaultIo.readStdin!)() };
    } catch (e) {
      return { file, shown, readError: `cannot read: ${(e as Error).message}` };
    }
  });
  const size = (f: FileEntry) => {
    if (f.text !== undefined || f.readError !== undefined) {
      return f.text?.length ?? 0;
    }
    try {
      return fs.statSync(f.file).size;
    } catch {
      return 0;
    }
  };
  const sizes = files.map(size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const minParallel = tuning.minParallelBytes ?? PARALLEL_MIN_BYTES;
  const pieceChars = tuning.pieceChars ?? PIECE_CHARS;
  const workers = parsed.jobs > 1 && total >= minParallel ? parsed.jobs - 1 : 0;

  // tasks, made as they are taken: one per file, or one per piece of a big file (read here)
  const taskFile: number[] = [];
  const allTasks: Task[] = [];
  const tasksOfFile: number[] = files.map(() => 0);
  let fileCursor = 0;
  let queued: Task[] = [];
  const nextTask = (): Task | undefined => {
    while (queued.length === 0 && fileCursor < files.length) {
      const i = fileCursor++;
      const f = files[i];
      const base = { file: f.file, shown: f.shown, refs, readError: f.readError };
      if (f.text !== undefined) {
        const text = f.text;
        queued = filePieces(text, pieceChars).map((p) => ({ ...base, text: text.slice(p.start, p.end), lineBase: p.lineBase }));
      } else {
        // a big file is cut by byte range without reading it whole (cli/pieces.ts); each piece is read when validated
        let pieces: BytePiece[] | undefined;
        try {
          pieces = f.readError === undefined && sizes[i] > pieceChars && piecesPossible() ? planPieces(f.file, sizes[i], pieceChars) : undefined;
        } catch {
          pieces = undefined; // the task reads it and says why it cannot
        }
        queued = pieces ? pieces.map((p) => ({ ...base, bytes: { start: p.start, end: p.end }, lineBase: p.lineBase })) : [base];
      }
      tasksOfFile[i] = queued.length;
    }
    const t = queued.shift();
    if (t !== undefined) {
      taskFile.push(fileCursor - 1);
      allTasks.push(t);
    }
    return t;
  };
  let filesDone = 0;
  let objectsDone = 0;
  const pendingOfFile = new Map<number, number>();
  const done = (id: number, result: TaskResult) => {
    const fi = taskFile[id];
    objectsDone += result.docs.filter((d) => d.slim !== null && d.slim !== undefined).length;
    const left = (pendingOfFile.get(fi) ?? tasksOfFile[fi]) - 1;
    pendingOfFile.set(fi, left);
    if (left === 0) {
      filesDone++;
      progress(`cdk8s-patterns: read ${filesDone}/${files.length} file(s), ${objectsDone} object(s)`);
    }
  };
  const engine = new PerObjectEngine(options);
  // not taken yet: at least the pieces made of the current file and one task per file not opened
  const left = () => queued.length + files.length - fileCursor;
  const results = runTasks({ next: nextTask, left }, workers, options, (t) => engine.run(t), done, tuning.onPool, tuning.workerCode);

  const runDocs: RunDoc[] = [];
  const errors: DecodeError[] = [];
  const ordinals = files.map(() => 0);
  results.forEach((r, id) => {
    const fi = taskFile[id];
    errors.push(...r.errors.map((e) => ({ ...e, objectsBefore: e.objectsBefore + ordinals[fi] })));
    r.docs.forEach((result, ordinal) => runDocs.push({ task: id, ordinal, result }));
    ordinals[fi] += r.docs.length;
  });
  progress(`cdk8s-patterns: validating ${objectsDone} object(s)`);
  const findings = mergeFindings(assemble(validator, allTasks, runDocs), decodeErrorFindings([...crdInput.errors, ...errors], options),
    [...crdInput.files, ...files.map((f) => f.shown)]);
  progress(undefined);
  const failures = validator.failures(findings);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const objects = runDocs.filter((d) => d.result.slim !== null && d.result.slim !== undefined);
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
      files: files.length,
    },
    objects: objects.flatMap((d) => (d.result.ref ? [d.result.ref] : [])),
  };
  io.stdout(render(parsed.format, report));
  return failures.length > 0 ? 1 : 0;
}
