/**
 * DaemonSet, StatefulSet and ReplicationController specifics, and the non-negative counters of the
 * apps workloads (pkg/apis/apps/validation and pkg/apis/core/validation, release-1.27):
 * `ValidateDaemonSetSpec` / `ValidateDaemonSetUpdateStrategy` / `ValidateRollingUpdateDaemonSet`
 * after v1 defaulting (maxUnavailable 1, maxSurge 0), `ValidateStatefulSetSpec` (update strategy,
 * PVC retention policy, ordinals — StatefulSetAutoDeletePVC and StatefulSetStartOrdinal are beta, on
 * by default, in 1.27), `ValidateReplicationControllerSpec`. A StatefulSet's claim templates are
 * not validated by the 1.27 API server; claims its controller cannot create are reported as such.
 * Not modelled: StatefulSet `rollingUpdate.maxUnavailable` (MaxUnavailableStatefulSet is alpha and
 * off in 1.27: the field is dropped).
 */
import { goIntOrString, intOrPercentErrors, intOrPercentValue, shown } from '../../private/k8s-pod-more';
import { arr, child, goMap, hasOwn, index, int, isObj, isSet, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import type { RuleModule } from './module';
import { claimSpecFindings } from './pod-more-common';

const E = Severity.ERROR;
const A = 'pkg/apis/apps/validation, release-1.27';
const C = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'WL-NONNEGATIVE': {
    layer: 'api',
    severity: E,
    summary: 'negative minReadySeconds or revisionHistoryLimit (Deployment, ReplicaSet, DaemonSet, StatefulSet, ReplicationController)',
    fix: 'use 0 or a positive number',
    source: `ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateDaemonSetSpec, ValidateStatefulSetSpec (${A}); ValidateReplicationControllerSpec (${C})`,
  },
  'DS-UPDATE-STRATEGY': {
    layer: 'api',
    severity: E,
    summary: 'DaemonSet rollingUpdate: maxUnavailable/maxSurge negative, not a percentage or over 100%, both zero, or both non-zero (maxUnavailable defaults to 1: a maxSurge alone needs maxUnavailable: 0)',
    fix: 'set exactly one of maxUnavailable and maxSurge to a non-zero value (e.g. maxSurge: 1 with maxUnavailable: 0)',
    source: `ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet (${A})`,
  },
  'STS-UPDATE-STRATEGY': {
    layer: 'api',
    severity: E,
    summary: 'StatefulSet updateStrategy OnDelete with rollingUpdate, or a negative rollingUpdate.partition',
    fix: 'use rollingUpdate only with type RollingUpdate; partition ≥ 0',
    source: `ValidateStatefulSetSpec, validateRollingUpdateStatefulSet (${A})`,
  },
  'STS-PVC-RETENTION': {
    layer: 'api',
    severity: E,
    summary: 'persistentVolumeClaimRetentionPolicy whenDeleted/whenScaled not Retain or Delete',
    fix: 'use Retain or Delete',
    source: `ValidatePersistentVolumeClaimRetentionPolicy (${A})`,
  },
  'STS-ORDINALS': {
    layer: 'api',
    severity: E,
    summary: 'StatefulSet ordinals.start negative',
    fix: 'use 0 or a positive start ordinal',
    source: `ValidateStatefulSetSpec (${A})`,
  },
  'STS-CLAIM-TEMPLATES': {
    layer: 'api',
    severity: E,
    summary: 'StatefulSet volumeClaimTemplates entry without name, without access modes or storage request, or otherwise an invalid claim: the controller\'s claims are rejected and its pods never start',
    fix: 'give each claim template a name, accessModes and resources.requests.storage',
    source: `ValidatePersistentVolumeClaimSpec as the controller's claim creation meets it (${C})`,
  },
  'RC-SPEC': {
    layer: 'api',
    severity: E,
    summary: 'ReplicationController selector not matching the template labels, negative replicas, template restartPolicy other than Always or with activeDeadlineSeconds',
    fix: 'make the selector match the template labels (or omit it: it defaults to them); restartPolicy Always; no activeDeadlineSeconds — or use a Deployment',
    source: `ValidateReplicationControllerSpec, ValidatePodTemplateSpecForRC (${C})`,
  },
});

function nonNegative(r: DocReporter, spec: Record<string, any>, fields: string[]): void {
  for (const f of fields) {
    const n = int(spec[f]);
    if (n !== undefined && n < 0) {
      r.add('WL-NONNEGATIVE', child('spec', f), `Invalid value: ${n}: must be greater than or equal to 0`);
    }
  }
}

/** An IntOrString value as read (undefined for anything else). */
function intOrString(v: unknown): number | string | undefined {
  return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) ? v : undefined;
}

/** `ValidateDaemonSetUpdateStrategy` after `SetDefaults_DaemonSet`. */
function daemonSetStrategy(r: DocReporter, strategy: Record<string, any>): void {
  const type = strategy.type ?? 'RollingUpdate';
  if (type !== 'RollingUpdate' || (isSet(strategy.rollingUpdate) && !isObj(strategy.rollingUpdate))) {
    return;
  }
  const ru = obj(strategy.rollingUpdate);
  const p = 'spec.updateStrategy.rollingUpdate';
  const mu = isSet(ru.maxUnavailable) ? intOrString(ru.maxUnavailable) : 1;
  const ms = isSet(ru.maxSurge) ? intOrString(ru.maxSurge) : 0;
  if (mu === undefined || ms === undefined) {
    return;
  }
  for (const [field, v] of [['maxUnavailable', mu], ['maxSurge', ms]] as const) {
    for (const e of intOrPercentErrors(v, false)) {
      r.add('DS-UPDATE-STRATEGY', child(p, field), e);
    }
  }
  const hasUnavailable = intOrPercentValue(mu) !== 0;
  const hasSurge = intOrPercentValue(ms) !== 0;
  if (hasUnavailable && hasSurge) {
    r.add('DS-UPDATE-STRATEGY', child(p, 'maxSurge'), `Invalid value: ${goIntOrString(ms)}: may not be set when maxUnavailable is non-zero`,
      isSet(ru.maxUnavailable) ? undefined : 'maxUnavailable defaults to 1: with maxSurge set maxUnavailable: 0');
  } else if (!hasUnavailable && !hasSurge) {
    r.add('DS-UPDATE-STRATEGY', child(p, 'maxUnavailable'), 'Required value: cannot be 0 when maxSurge is 0');
  }
}

function daemonSet(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  nonNegative(r, spec, ['minReadySeconds', 'revisionHistoryLimit']);
  if (isObj(spec.updateStrategy) || !isSet(spec.updateStrategy)) {
    daemonSetStrategy(r, obj(spec.updateStrategy));
  }
}

/** A reporter whose fix hints say that it is the StatefulSet's claims that fail. */
function claimNote(fix: string): string {
  return `${fix} (the API server accepts the StatefulSet, but its controller cannot create this claim, so the pods that mount it never start)`;
}

function statefulSet(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  nonNegative(r, spec, ['minReadySeconds']);
  const us = spec.updateStrategy;
  if (isObj(us)) {
    const type = us.type ?? 'RollingUpdate';
    if (type === 'OnDelete' && isSet(us.rollingUpdate)) {
      r.add('STS-UPDATE-STRATEGY', 'spec.updateStrategy.rollingUpdate', `Invalid value: ${shown(us.rollingUpdate)}: only allowed for updateStrategy 'RollingUpdate'`);
    } else if (type === 'RollingUpdate' && isObj(us.rollingUpdate)) {
      const partition = int(us.rollingUpdate.partition);
      if (partition !== undefined && partition < 0) {
        r.add('STS-UPDATE-STRATEGY', 'spec.updateStrategy.rollingUpdate.partition', `Invalid value: ${partition}: must be greater than or equal to 0`);
      }
    }
  }
  const policy = spec.persistentVolumeClaimRetentionPolicy;
  if (isObj(policy)) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = str(policy[f]);
      if (v !== undefined && v !== '' && v !== 'Retain' && v !== 'Delete') {
        r.add('STS-PVC-RETENTION', child('spec.persistentVolumeClaimRetentionPolicy', f), `Unsupported value: ${q(v)}: supported values: "Retain", "Delete"`);
      }
    }
  }
  const start = int(obj(spec.ordinals).start);
  if (start !== undefined && start < 0) {
    r.add('STS-ORDINALS', 'spec.ordinals.start', `Invalid value: ${start}: must be greater than or equal to 0`);
  }
  const cr = r.withFixNote(claimNote);
  arr(spec.volumeClaimTemplates).forEach((t, i) => {
    if (!isObj(t)) {
      return;
    }
    const tp = index('spec.volumeClaimTemplates', i);
    const name = isSet(obj(t.metadata).name) ? str(obj(t.metadata).name) : '';
    if (name === '') {
      cr.add('STS-CLAIM-TEMPLATES', child(tp, 'metadata.name'), 'Required value: name or generateName is required',
        'name the claim template (pods mount it by that name; claims are named <template>-<statefulset>-<ordinal>)');
    }
    claimSpecFindings(cr, 'STS-CLAIM-TEMPLATES', t.spec, child(tp, 'spec'));
  });
}

/** `ValidateReplicationControllerSpec` after `SetDefaults_ReplicationController` (selector from template labels). */
function replicationController(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  nonNegative(r, spec, ['minReadySeconds']);
  const replicas = int(spec.replicas);
  if (replicas !== undefined && replicas < 0) {
    r.add('RC-SPEC', 'spec.replicas', `Invalid value: ${replicas}: must be greater than or equal to 0`);
  }
  const tpl = spec.template;
  const tplLabels = obj(obj(obj(tpl).metadata).labels);
  let selector = obj(spec.selector);
  if (Object.keys(selector).length === 0) {
    selector = tplLabels;
  }
  // An RC with neither selector nor template labels is left alone: ValidateNonEmptySelector should
  // reject it, but such manifests circulate as valid (the upstream sysdig example), so not a case to guess about.
  if (!isObj(tpl)) {
    if (!isSet(tpl)) {
      r.required('RC-SPEC', 'spec.template');
    }
    return;
  }
  const mismatch = Object.keys(selector).some((k) => !hasOwn(tplLabels, k) || String(tplLabels[k]) !== String(selector[k]));
  if (mismatch) {
    r.add('RC-SPEC', 'spec.template.metadata.labels', `Invalid value: ${goMap(tplLabels)}: \`selector\` does not match template \`labels\``);
  }
  const ps = obj(tpl.spec);
  const rp = str(ps.restartPolicy);
  if (rp !== undefined && rp !== 'Always') {
    r.add('RC-SPEC', 'spec.template.spec.restartPolicy', `Unsupported value: ${q(rp)}: supported values: "Always"`);
  }
  const ads = int(ps.activeDeadlineSeconds);
  if (ads !== undefined) {
    r.add('RC-SPEC', 'spec.template.spec.activeDeadlineSeconds', `Invalid value: ${ads}: activeDeadlineSeconds in ReplicationController is not Supported`);
  }
}

export const WORKLOADS_MORE_MODULE = {
  name: 'workloads-more',
  title: 'DaemonSet and StatefulSet update strategies, StatefulSet claims and ordinals, ReplicationControllers, non-negative counters',
  rules: RULES,
  checks: [
    { kinds: ['Deployment'], check: (r: DocReporter, m: any) => nonNegative(r, obj(m.spec), ['minReadySeconds', 'revisionHistoryLimit']) },
    { kinds: ['ReplicaSet'], check: (r: DocReporter, m: any) => nonNegative(r, obj(m.spec), ['minReadySeconds']) },
    { kinds: ['DaemonSet'], check: daemonSet },
    { kinds: ['StatefulSet'], check: statefulSet },
    { kinds: ['ReplicationController'], check: replicationController },
  ],
} as const satisfies RuleModule;
