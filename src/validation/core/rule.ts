/**
 * How a rule module declares its rules. Each module under `src/validation/rules/` exports
 * `RULES = defineRules({...})` (the catalog entries of the rules it reports) next to the checks
 * that report them; the catalog (`rules/catalog.ts`) is the concatenation of the modules, and
 * `RuleId` (the union of every module's ids) is what `DocReporter.add` accepts, so a misspelled
 * id is a compile error.
 */
import { Severity } from '../finding';

/** Which layer of the validator a rule belongs to. */
export type RuleLayer = 'schema' | 'api' | 'cross' | 'lint';

/** A rule's catalog entry, as a module declares it. */
export interface RuleSpec {
  readonly layer: RuleLayer;
  readonly severity: Severity;
  /** One line: what the rule flags. */
  readonly summary: string;
  /** The default fix hint (a finding may carry a more specific one). Every rule has one. */
  readonly fix: string;
  /**
   * What the rule follows: the Kubernetes 1.27 function (e.g. `ValidateTolerations`,
   * pkg/apis/core/validation), the PV controller's binder, or the lint tool and check it is after.
   */
  readonly source: string;
}

/** Declares a module's rules; the keys are the rule ids (kept as literal types). */
export function defineRules<T extends Record<string, RuleSpec>>(rules: T): { readonly [K in keyof T]: RuleSpec } {
  return rules;
}

/** One rule of the catalog (docs/validation.md lists them all). */
export interface RuleInfo extends RuleSpec {
  readonly id: string;
}
