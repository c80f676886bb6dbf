/**
 * apimachinery's label and label-selector validation (`pkg/apis/meta/v1/validation`, v0.27), shared
 * by the rule modules of NetworkPolicy, PodDisruptionBudget, ClusterRole aggregation and
 * RuntimeClass scheduling. Each reports under the rule id its caller passes.
 */
import { labels, labelSelector } from './api-common';
import type { RuleId } from './catalog';
import type { DocReporter } from '../report';

/** `ValidateLabels`: every key a qualified name, every value a label value (both reported at `p` under `rule`). */
export function validateLabels(r: DocReporter, value: unknown, p: string, rule: RuleId): void {
  labels(r, value, p, rule, rule);
}

/** `ValidateLabelSelector` as 1.27 runs it on create (see `labelSelector` in api-common.ts). */
export function validateLabelSelector(r: DocReporter, selector: unknown, p: string, rule: RuleId): void {
  labelSelector(r, selector, p, rule);
}

/** True when `v` was given (Go decodes an absent field and `null` alike, to a nil pointer). */
export function given(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * Checks dispatch by kind alone; a rule module for a built-in kind runs only when the object's
 * apiVersion is one of `versions` (e.g. Calico's projectcalico.org/v3 NetworkPolicy is not ours).
 */
export function servedAs(m: any, ...versions: string[]): boolean {
  return typeof m?.apiVersion === 'string' && versions.includes(m.apiVersion);
}
