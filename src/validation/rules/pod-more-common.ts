/**
 * What the pod-scheduling, pod-security and pod-misc modules share: the kinds whose pod spec they
 * check, the reporter to use for a manifest (a StatefulSet's findings say that it is its pods that
 * fail), and label-selector findings.
 */
import { obj } from '../core/json';
import type { PodSpecRef } from '../core/kinds';
import type { DocReporter } from '../report';
import type { RuleId } from './catalog';
import type { KindCheck } from './module';
import { claimSpec } from './storage';

/** Kinds with a pod spec the API server validates as one (or, for a StatefulSet, its controller's pods). */
export const POD_SPEC_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController', 'CronJob'];

/**
 * 1.27's API server does not validate a StatefulSet's template as a pod (`ValidateStatefulSetSpec`
 * leaves it to the controller): a template that fails is accepted, and its pods are never created.
 */
function controllerNote(fix: string): string {
  return `${fix} (the API server accepts the StatefulSet, but its controller cannot create pods from this template)`;
}

/** The pod spec of `m` and the reporter its findings go through, or undefined when `m` has none. */
export function podTarget(r: DocReporter, m: any): { r: DocReporter; ref: PodSpecRef } | undefined {
  const ref = r.ctx.podSpecOf(m);
  if (!ref) {
    return undefined;
  }
  return { r: m.kind === 'StatefulSet' ? r.withFixNote(controllerNote) : r, ref };
}

/**
 * A check of the pod spec of every kind that has one (`POD_SPEC_KINDS`), reporting through the
 * reporter `podTarget` picks (so a StatefulSet's findings say that it is its pods that fail);
 * `unnoted` is the plain reporter, for what the API server checks on every template.
 */
export function podSpecCheck(check: (r: DocReporter, ref: PodSpecRef, m: any, unnoted: DocReporter) => void): KindCheck {
  return {
    kinds: POD_SPEC_KINDS,
    check: (r, m) => {
      const target = podTarget(r, m);
      if (target) {
        check(target.r, target.ref, m, r);
      }
    },
  };
}

/**
 * `ValidatePersistentVolumeClaimSpec` (1.27) of a claim template's spec at `p` (the storage module's
 * `claimSpec`), every finding under `rule`.
 */
export function claimSpecFindings(r: DocReporter, rule: RuleId, spec: unknown, p: string): void {
  claimSpec(r, obj(spec), p, {
    accessModes: rule,
    rwop: rule,
    storageRequired: rule,
    storagePositive: rule,
    className: rule,
    selector: rule,
    storageRequiredFix: 'request the claim\'s size in resources.requests.storage (e.g. 1Gi)',
  });
}
