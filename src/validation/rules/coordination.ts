/**
 * Lease (coordination.k8s.io/v1), after `ValidateLease` / `ValidateLeaseSpec` of
 * pkg/apis/coordination/validation (release-1.27). holderIdentity and the times are not validated
 * by the API server.
 */
import { obj } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { servedAs } from './builtin-helpers';
import type { RuleModule } from './module';

const SRC = 'ValidateLeaseSpec (pkg/apis/coordination/validation, release-1.27)';

export const RULES = defineRules({
  'LEASE-DURATION': {
    layer: 'api',
    severity: Severity.ERROR,
    summary: 'Lease spec.leaseDurationSeconds of 0 or less',
    fix: 'set leaseDurationSeconds to a positive number of seconds (e.g. 15)',
    source: SRC,
  },
  'LEASE-TRANSITIONS': {
    layer: 'api',
    severity: Severity.ERROR,
    summary: 'Lease spec.leaseTransitions below 0',
    fix: 'leaseTransitions counts holder changes: use 0 or more',
    source: SRC,
  },
});

function lease(r: DocReporter, m: any): void {
  if (!servedAs(m, 'coordination.k8s.io/v1')) {
    return;
  }
  const spec = obj(m.spec);
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    r.add('LEASE-DURATION', 'spec.leaseDurationSeconds', `Invalid value: ${spec.leaseDurationSeconds}: must be greater than 0`);
  }
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0) {
    r.add('LEASE-TRANSITIONS', 'spec.leaseTransitions', `Invalid value: ${spec.leaseTransitions}: must be greater than or equal to 0`);
  }
}

export const COORDINATION_MODULE = {
  name: 'coordination',
  title: 'Lease (coordination.k8s.io/v1): duration and transitions',
  rules: RULES,
  checks: [{ kinds: ['Lease'], check: lease }],
} satisfies RuleModule;
