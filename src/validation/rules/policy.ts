/**
 * PodDisruptionBudget (policy/v1) as the 1.27 API server validates it on create:
 * `ValidatePodDisruptionBudget` → `ValidatePodDisruptionBudgetSpec` (pkg/apis/policy/validation,
 * release-1.27), with `ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent` of
 * pkg/apis/apps/validation. `unhealthyPodEvictionPolicy` values are the schema layer's (an enum).
 */
import { percentErrors } from '../../private/k8s-names';
import { isSet, obj } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { KindCheck } from './module';
import type { DocReporter } from '../report';
import { labelSelector } from './api-common';
import { servedAs } from './builtin-helpers';

const E = Severity.ERROR;
const SRC = '(pkg/apis/policy/validation, release-1.27)';

export const RULES = defineRules({
  'PDB-MINMAX': { layer: 'api', severity: E, summary: 'PodDisruptionBudget with both minAvailable and maxUnavailable', fix: 'keep one of spec.minAvailable and spec.maxUnavailable', source: `ValidatePodDisruptionBudgetSpec ${SRC}` },
  'PDB-VALUE': { layer: 'api', severity: E, summary: 'PodDisruptionBudget minAvailable/maxUnavailable that is negative, a string that is not a percentage (e.g. "1"), or a percentage above 100%', fix: 'write a non-negative integer (unquoted) or a percentage such as "50%" (at most 100%)', source: `ValidatePodDisruptionBudgetSpec → ValidatePositiveIntOrPercent, IsNotMoreThan100Percent ${SRC}` },
  'PDB-SELECTOR': { layer: 'api', severity: E, summary: 'PodDisruptionBudget selector with an invalid label key, value or expression', fix: 'use qualified label keys, valid label values, and In/NotIn (with values) or Exists/DoesNotExist (without)', source: `ValidatePodDisruptionBudgetSpec → ValidateLabelSelector ${SRC}` },
});

function intOrPercent(r: DocReporter, v: unknown, p: string): void {
  if (typeof v === 'number' && Number.isInteger(v)) {
    if (v < 0) {
      r.add('PDB-VALUE', p, `Invalid value: ${v}: must be greater than or equal to 0`);
    }
    return;
  }
  if (typeof v !== 'string') {
    return; // a type error: the schema layer's
  }
  const errs = percentErrors(v);
  for (const e of errs) {
    r.add('PDB-VALUE', p, `Invalid value: ${v}: ${e}`, /^[0-9]+$/.test(v) ? `write the count as a number: ${v} (unquoted), or a percentage: "${v}%"` : undefined);
  }
  if (errs.length === 0 && Number(v.slice(0, -1)) > 100) {
    r.add('PDB-VALUE', p, `Invalid value: ${v}: must not be greater than 100%`);
  }
}

function podDisruptionBudget(r: DocReporter, m: any): void {
  if (!servedAs(m, 'policy/v1')) {
    return;
  }
  const spec = obj(m.spec);
  if (isSet(spec.minAvailable) && isSet(spec.maxUnavailable)) {
    r.add('PDB-MINMAX', 'spec', `Invalid value: {minAvailable: ${String(spec.minAvailable)}, maxUnavailable: ${String(spec.maxUnavailable)}}: minAvailable and maxUnavailable cannot be both set`);
  }
  if (isSet(spec.minAvailable)) {
    intOrPercent(r, spec.minAvailable, 'spec.minAvailable');
  }
  if (isSet(spec.maxUnavailable)) {
    intOrPercent(r, spec.maxUnavailable, 'spec.maxUnavailable');
  }
  labelSelector(r, spec.selector, 'spec.selector', 'PDB-SELECTOR');
}

const CHECKS: readonly KindCheck[] = [
  { kinds: ['PodDisruptionBudget'], check: podDisruptionBudget },
];

/** The PodDisruptionBudget rules. */
export const POLICY_MODULE = {
  name: 'policy',
  title: 'PodDisruptionBudget (ValidatePodDisruptionBudget)',
  rules: RULES,
  checks: CHECKS,
} as const;
