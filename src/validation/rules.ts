/** The rule catalog (kept at this path for the modules that import it; see rules/catalog.ts). */
export { isKnownRule, RULES, ruleInfo } from './rules/catalog';
export type { RuleId } from './rules/catalog';
export type { RuleInfo, RuleLayer } from './core/rule';
