/**
 * Regular expressions from the validated files (CRD `pattern`s, CEL `matches`/`find`), compiled and
 * run with RE2 semantics in linear time by re2js: the API server uses Go's `regexp` (RE2), and a
 * pattern such as `^(a+)+$` must not make the validator backtrack. A JavaScript `RegExp` is never
 * built from user input.
 */
import type { RE2JS } from 're2js';

/** A compiled pattern, or the compile error in Go's words as closely as re2js gives them. */
export interface CompiledPattern {
  readonly re?: RE2JS;
  readonly error?: string;
}

/** Longest pattern compiled (Go's regexp has no such limit; longer ones are reported as not evaluated). */
export const MAX_PATTERN_LENGTH = 10_000;

/** Compiles `pattern` with Go's (Perl-like) RE2 syntax. */
export function compilePattern(pattern: string): CompiledPattern {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return {};
  }
  try {
    // loaded at the first pattern: the CLI does not pay for it on files without CRDs
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RE2JS: Re2 } = require('re2js') as typeof import('re2js');
    return { re: Re2.compile(pattern) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { error: msg.startsWith('error parsing regexp') ? msg : `error parsing regexp: ${msg}` };
  }
}

/** Per-run cache of compiled patterns (owned by the caller: no module-level state). */
export class PatternCache {
  private readonly cache = new Map<string, CompiledPattern>();

  /** The compiled pattern (compiled once per run). */
  public get(pattern: string): CompiledPattern {
    let c = this.cache.get(pattern);
    if (c === undefined) {
      c = compilePattern(pattern);
      this.cache.set(pattern, c);
    }
    return c;
  }

  /**
   * Go's `regexp.MatchString` (unanchored search): true/false, or undefined when the pattern does not
   * compile here (the caller reports it as not evaluated, never as a failure).
   */
  public test(pattern: string, value: string): boolean | undefined {
    const c = this.get(pattern);
    return c.re ? c.re.test(value) : undefined;
  }
}
