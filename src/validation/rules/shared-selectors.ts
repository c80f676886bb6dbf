/**
 * apimachinery's label and label-selector validation (`pkg/apis/meta/v1/validation`, v0.27), shared
 * by the rule modules of NetworkPolicy, PodDisruptionBudget, ClusterRole aggregation and
 * RuntimeClass scheduling. Each reports under the rule id its caller passes.
 */
import type { RuleId } from './catalog';
import { labelValueErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { arr, child, index, isObj, q } from '../core/json';
import type { DocReporter } from '../report';

/** `ValidateLabels`: every key a qualified name, every value a label value (both reported at `p`). */
export function validateLabels(r: DocReporter, labels: unknown, p: string, rule: RuleId): void {
  if (!isObj(labels)) {
    return;
  }
  for (const [k, v] of Object.entries(labels)) {
    for (const e of qualifiedNameErrors(k)) {
      r.add(rule, p, `Invalid value: ${q(k)}: ${e}`);
    }
    if (typeof v === 'string') {
      for (const e of labelValueErrors(v)) {
        r.add(rule, p, `Invalid value: ${q(v)}: ${e}`);
      }
    }
  }
}

/**
 * `ValidateLabelSelector` as 1.27 runs it on create (`AllowInvalidLabelValueInSelector` false, since
 * 1.26): matchLabels as labels; each matchExpressions entry needs a known operator, values for
 * In/NotIn and none for Exists/DoesNotExist, a qualified-name key and label-valued values.
 */
export function validateLabelSelector(r: DocReporter, selector: unknown, p: string, rule: RuleId): void {
  if (!isObj(selector)) {
    return;
  }
  validateLabels(r, selector.matchLabels, child(p, 'matchLabels'), rule);
  arr(selector.matchExpressions).forEach((e, i) => {
    if (!isObj(e)) {
      return;
    }
    const ep = index(child(p, 'matchExpressions'), i);
    const values = arr(e.values);
    const operator = e.operator ?? '';
    if (typeof operator === 'string') {
      if (operator === 'In' || operator === 'NotIn') {
        if (values.length === 0) {
          r.add(rule, child(ep, 'values'), 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'');
        }
      } else if (operator === 'Exists' || operator === 'DoesNotExist') {
        if (values.length > 0) {
          r.add(rule, child(ep, 'values'), 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'');
        }
      } else {
        r.add(rule, child(ep, 'operator'), `Invalid value: ${q(operator)}: not a valid selector operator`,
          'use one of In, NotIn, Exists, DoesNotExist');
      }
    }
    const key = e.key ?? '';
    if (typeof key === 'string') {
      for (const m of qualifiedNameErrors(key)) {
        r.add(rule, child(ep, 'key'), `Invalid value: ${q(key)}: ${m}`);
      }
    }
    values.forEach((v, j) => {
      if (typeof v === 'string') {
        for (const m of labelValueErrors(v)) {
          r.add(rule, index(child(ep, 'values'), j), `Invalid value: ${q(v)}: ${m}`);
        }
      }
    });
  });
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
