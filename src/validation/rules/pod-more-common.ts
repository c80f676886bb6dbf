/**
 * What the pod-scheduling, pod-security and pod-misc modules share: the kinds whose pod spec they
 * check, the reporter to use for a manifest (a StatefulSet's findings say that it is its pods that
 * fail), and label-selector findings.
 */
import { dns1123SubdomainErrors } from '../../private/k8s-names';
import { isPositive, parseQuantity } from '../../private/quantity';
import { arr, child, hasOwn, obj, q, str } from '../core/json';
import type { PodSpecRef } from '../core/kinds';
import type { DocReporter } from '../report';
import { labelSelector } from './api-common';
import type { RuleId } from './catalog';
import type { KindCheck } from './module';

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

/** Reports every `ValidateLabelSelector` problem of `selector` (at `p`) under `rule`. */
export function selectorFindings(r: DocReporter, rule: RuleId, selector: unknown, p: string): void {
  labelSelector(r, selector, p, rule);
}

/** True when `v` is set (neither missing nor null). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/**
 * `ValidatePersistentVolumeClaimSpec` (1.27) of a claim template's spec at `p`: access modes given
 * and known (ReadWriteOncePod alone), a positive storage request (reported at `p.resources[storage]`,
 * as the API server does), a DNS-1123 subdomain storageClassName, a valid selector.
 */
export function claimSpecFindings(r: DocReporter, rule: RuleId, spec: unknown, p: string): void {
  const s = obj(spec);
  const modes = arr(s.accessModes);
  if (modes.length === 0) {
    r.add(rule, child(p, 'accessModes'), 'Required value: at least 1 access mode is required');
  }
  let rwop = false;
  let other = false;
  for (const mode of modes) {
    if (typeof mode !== 'string') {
      continue;
    }
    if (!ACCESS_MODES.includes(mode)) {
      r.add(rule, child(p, 'accessModes'), `Unsupported value: ${q(mode)}: supported values: ${ACCESS_MODES.map((x) => q(x)).join(', ')}`);
    } else if (mode === 'ReadWriteOncePod') {
      rwop = true;
    } else {
      other = true;
    }
  }
  if (rwop && other) {
    r.add(rule, child(p, 'accessModes'), 'Forbidden: may not use ReadWriteOncePod with other access modes');
  }
  selectorFindings(r, rule, s.selector, child(p, 'selector'));
  const requests = obj(obj(s.resources).requests);
  const sp = `${child(p, 'resources')}[storage]`;
  const raw = hasOwn(requests, 'storage') ? requests.storage : undefined;
  if (raw === undefined || raw === null) {
    r.add(rule, sp, 'Required value', 'request the claim\'s size in resources.requests.storage (e.g. 1Gi)');
  } else if (typeof raw === 'string' || typeof raw === 'number') {
    const qv = parseQuantity(String(raw));
    if (qv && !isPositive(qv)) {
      r.add(rule, sp, `Invalid value: ${q(String(raw))}: must be greater than zero`);
    }
  }
  const sc = str(s.storageClassName);
  if (sc !== undefined && sc !== '') {
    for (const e of dns1123SubdomainErrors(sc)) {
      r.add(rule, child(p, 'storageClassName'), `Invalid value: ${q(sc)}: ${e}`);
    }
  }
}
