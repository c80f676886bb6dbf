import type { RuleSpec } from '../core/rule';
import type { DocReporter, SourceDoc } from '../report';

/** Checks of one object: run for every document whose `kind` is listed (`'*'`: every kind). */
export interface KindCheck {
  readonly kinds: readonly string[] | '*';
  /** Reports through `r` (which also carries the run's context, `r.ctx`). */
  readonly check: (r: DocReporter, m: any) => void;
}

/** Checks across the objects of the set (layer 3); `docs` are the set's objects, in input order. */
export interface SetCheck {
  readonly check: (r: DocReporter, docs: readonly SourceDoc[]) => void;
}

/**
 * A rule module: the rules of one area (a kind or a family of kinds) and the checks that report
 * them. Listed once in `rules/catalog.ts`.
 */
export interface RuleModule {
  /** Short name of the area, e.g. `networking` (docs/validation.md groups rules by it). */
  readonly name: string;
  /** What the module covers, one line (docs/validation.md). */
  readonly title: string;
  readonly rules: { readonly [id: string]: RuleSpec };
  readonly checks?: readonly KindCheck[];
  readonly setChecks?: readonly SetCheck[];
}
