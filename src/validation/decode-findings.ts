/**
 * Turns decode errors (src/validation/decode.ts) into `YAML-INVALID` findings and merges them
 * with the validator's findings in input order. Used by the CLI and the cdk8s-cli plugin.
 * Not part of the jsii API.
 */
import { DecodeError } from './decode';
import { Finding, Severity } from './finding';
import { ManifestValidator, ManifestValidatorOptions } from './manifest-validator';
import { ruleInfo } from './rules/catalog';

/** A finding with the column of its position (decode errors have one). */
export interface PositionedFinding extends Finding {
  readonly column?: number;
}

/** The `YAML-INVALID` findings of `errors`, with the validator's severity overrides and disabled rules applied. */
export function decodeErrorFindings(errors: readonly DecodeError[], options: ManifestValidatorOptions): PositionedFinding[] {
  const id = 'YAML-INVALID';
  if ((options.disabledRules ?? []).includes(id)) {
    return [];
  }
  const severity: Severity = options.severityOverrides?.[id] ?? ruleInfo(id).severity;
  return errors.map((e) => {
    const f: { -readonly [K in keyof PositionedFinding]: PositionedFinding[K] } = {
      ruleId: id, severity, kind: '?', name: '?', path: '', message: e.message, file: e.file,
    };
    if (e.line !== undefined) {
      f.line = e.line;
    }
    if (e.column !== undefined) {
      f.column = e.column;
    }
    return f;
  });
}

/**
 * `findings` (in input order) with `decodeFindings` placed where they occur: after the findings
 * of earlier files and of earlier lines of the same file. `files` lists the file names in input order.
 */
export function mergeFindings(
  findings: readonly Finding[], decodeFindings: readonly PositionedFinding[], files: readonly string[],
): PositionedFinding[] {
  if (decodeFindings.length === 0) {
    return [...findings];
  }
  const order = new Map<string, number>();
  files.forEach((f, i) => order.set(f, order.get(f) ?? i));
  const rank = (f: Finding) => order.get(f.file ?? '') ?? files.length;
  const pending = [...decodeFindings].sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0));
  const out: PositionedFinding[] = [];
  let next = 0;
  for (const f of findings) {
    const before = (e: PositionedFinding) => rank(e) < rank(f) || (rank(e) === rank(f) && (e.line ?? 0) < (f.line ?? 0));
    while (next < pending.length && before(pending[next])) {
      out.push(pending[next++]);
    }
    out.push(f);
  }
  out.push(...pending.slice(next));
  return out;
}

/** One finding as a line of text; decode errors show `file:line:column:`. */
export function formatPositioned(f: PositionedFinding): string {
  const text = ManifestValidator.formatFinding(f);
  if (f.column === undefined || !f.file || f.line === undefined) {
    return text;
  }
  const prefix = `${f.file}:${f.line}: `;
  return text.startsWith(prefix) ? `${f.file}:${f.line}:${f.column}: ${text.slice(prefix.length)}` : text;
}
