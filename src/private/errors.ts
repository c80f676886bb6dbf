import * as path from 'path';

/**
 * The one error type this library throws for bad input.
 *
 * Every message has the same shape (see the style guide, "Validation and error messages"):
 *
 *   <ConstructType> '<id>': <what is wrong, in user terms>, got <value>[: <why>][. <fix>]
 *
 * e.g. `InitGatedPod 'web': 'gates[0].timeout' must be between 1s and 3600s, got 0s`.
 * Messages never end with a period and never contain secret values: callers pass
 * `redact(...)` instead of a credential.
 *
 * `name` is 'PatternsError' so callers (and the fuzz tests) can tell our errors from a
 * `TypeError` or an error thrown by a dependency. Its `stack` starts with the message and lists
 * only the user's frames (see `userFacingStack`), so an uncaught one shows what to fix first.
 */
export class PatternsError extends Error {
  /** The construct type and id the message starts with, e.g. "SidecarPod 'web'". */
  public readonly subject!: string;

  constructor(subject: string, detail: string) {
    super(`${subject}: ${detail}`);
    Object.setPrototypeOf(this, PatternsError.prototype);
    // Not enumerable, so Node does not print `{ subject: ... }` after the stack of an uncaught error.
    Object.defineProperty(this, 'name', { value: 'PatternsError', enumerable: false, writable: true, configurable: true });
    Object.defineProperty(this, 'subject', { value: subject, enumerable: false, writable: false, configurable: true });
    userFacingStack(this);
  }
}

/**
 * The directories of this library's own code: `src/` (or `lib/` in the package, whose source maps
 * point back to `src/`). Frames there say nothing to a user.
 */
const LIBRARY_DIRS = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..', 'src')].map((d) => d + path.sep);

/** True for a stack frame in the library, in Node's internals or in a dependency. */
function isInternalFrame(line: string): boolean {
  return LIBRARY_DIRS.some((d) => line.includes(d)) || line.includes('(node:') || /^\s+at node:/.test(line)
    || line.includes(`${path.sep}node_modules${path.sep}`);
}

/**
 * Makes `error.stack` the message followed by the user's frames only (at most five): the frames
 * inside this library (the helper that built the error, the checks, the constructor chain), in
 * Node's module loader and in dependencies are dropped, so the message comes first and the first
 * frame is the user's `new SidecarPod(...)` line (which is also where ts-node's source-map
 * handler points its code frame). Computed on first read; assigning `stack` still works.
 */
function userFacingStack(error: PatternsError): void {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, PatternsError);
  let stack: string | undefined;
  Object.defineProperty(error, 'stack', {
    configurable: true,
    enumerable: false,
    get: () => {
      if (stack === undefined) {
        const frames = (holder.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
        const mine = frames.filter((l) => !isInternalFrame(l)).slice(0, 5);
        stack = [`${error.name}: ${error.message}`, ...mine].join('\n');
      }
      return stack;
    },
    set: (value: string) => {
      stack = value;
    },
  });
}

/**
 * Builds a PatternsError for construct type `type` with id `id`.
 *
 * @param type the construct class name, e.g. 'SidecarPod'
 * @param id the construct id (what the user passed to the constructor)
 * @param detail what is wrong, the value and the fix: "'x' must be ..., got 'y'"
 */
export function patternsError(type: string, id: string, detail: string): PatternsError {
  return new PatternsError(`${type} '${id}'`, detail);
}

/** Quotes a user value for a message: strings in single quotes, everything else as JSON. */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (value === undefined) {
    return 'undefined';
  }
  return JSON.stringify(value);
}

/** Placeholder used in messages where a value is secret. */
export const REDACTED = '<redacted>';

/**
 * Throws one PatternsError listing every problem of one value, or returns when there is none.
 *
 * @param type construct class name
 * @param id construct id
 * @param prop the prop path as the user wrote it, e.g. 'sharedDirs[0].name'
 * @param value the offending value (echoed with `quote`)
 * @param problems the rule violations, in Kubernetes' own words (from `k8s-names.ts`)
 * @param fix optional hint appended after the problems
 */
export function assertNoProblems(type: string, id: string, prop: string, value: unknown, problems: string[], fix?: string): void {
  if (problems.length === 0) {
    return;
  }
  const hint = fix ? `. ${fix}` : '';
  throw patternsError(type, id, `'${prop}' is invalid, got ${quote(value)}: ${problems.join('; ')}${hint}`);
}
