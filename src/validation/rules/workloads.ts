/**
 * Workloads with a pod template (`ValidateDeployment`, `ValidateStatefulSet`, `ValidateDaemonSet`,
 * `ValidateReplicaSet`, `ValidateJob`): replicas, selector, template metadata and restart policy,
 * rollout strategy. The template's pod spec is the pod-spec module's.
 */
import { unmatchedSelectorRequirements } from '../../private/binding';
import { percentErrors } from '../../private/k8s-names';
import { arr, goMap, int, isObj, obj, q, str } from '../core/json';
import { LONG_RUNNING_KINDS } from '../core/kinds';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { annotations, labels } from './api-common';
import type { RuleModule } from './module';
import { goIntOrString, intOrPercentValue } from '../../private/k8s-pod-more';

const E = Severity.ERROR;
const AV = 'pkg/apis/apps/validation, release-1.27';

export const RULES = defineRules({
  'DEP-TEMPLATE-REQUIRED': { layer: 'api', severity: E, summary: 'workload without spec.template', fix: 'add spec.template with the pod to run', source: `ValidateDeploymentSpec / ValidatePodTemplateSpecForReplicaSet (${AV})` },
  'DEP-REPLICAS': { layer: 'api', severity: E, summary: 'negative replicas', fix: 'use 0 or more replicas', source: `ValidateDeploymentSpec: ValidateNonnegativeField (${AV})` },
  'DEP-SELECTOR-REQUIRED': { layer: 'api', severity: E, summary: 'workload without spec.selector', fix: 'set spec.selector.matchLabels to the template\'s labels', source: `ValidateDeploymentSpec (${AV})` },
  'DEP-SELECTOR-EMPTY': { layer: 'api', severity: E, summary: 'workload with an empty selector', fix: 'give the selector at least one matchLabels entry or expression (the template\'s labels)', source: `ValidateDeploymentSpec (${AV})` },
  'DEP-SELECTOR-MATCH': { layer: 'api', severity: E, summary: 'selector does not match the template labels', fix: 'make spec.selector match spec.template.metadata.labels', source: `ValidatePodTemplateSpecForReplicaSet / validateJobSpec (${AV}; pkg/apis/batch/validation)` },
  'DEP-TEMPLATE-RESTARTPOLICY': { layer: 'api', severity: E, summary: 'Deployment/StatefulSet/DaemonSet/ReplicaSet template restartPolicy other than Always', fix: 'remove restartPolicy from the template', source: `ValidatePodTemplateSpecForReplicaSet / ValidateStatefulSetSpec (${AV})` },
  'DEP-TEMPLATE-ACTIVEDEADLINE': { layer: 'api', severity: E, summary: 'template sets activeDeadlineSeconds', fix: 'remove activeDeadlineSeconds from the template (only Jobs and Pods may end)', source: `ValidatePodTemplateSpecForReplicaSet (${AV})` },
  'DEP-STRATEGY': { layer: 'api', severity: E, summary: 'invalid rollout strategy: rollingUpdate with Recreate, maxSurge/maxUnavailable negative or not a percentage, both 0, maxUnavailable over 100%', fix: 'use type RollingUpdate with maxSurge/maxUnavailable as whole numbers or percentages (not both 0), or type Recreate without rollingUpdate', source: `ValidateDeploymentStrategy / ValidateRollingUpdateDeployment (${AV})` },
  'DEP-PROGRESS-DEADLINE': { layer: 'api', severity: E, summary: 'progressDeadlineSeconds not greater than minReadySeconds', fix: 'make progressDeadlineSeconds larger than minReadySeconds', source: `ValidateDeploymentSpec (${AV})` },
  'JOB-RESTARTPOLICY': { layer: 'api', severity: E, summary: 'Job template restartPolicy not OnFailure/Never', fix: 'set restartPolicy: OnFailure or Never on the Job template', source: 'validateJobSpec (pkg/apis/batch/validation, release-1.27)' },
});

function selectorMatches(selector: Record<string, any>, tplLabels: Record<string, any>): boolean {
  const l: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(tplLabels)) {
    Object.defineProperty(l, k, { value: String(v), enumerable: true });
  }
  return unmatchedSelectorRequirements(selector, l).length === 0;
}

/**
 * av.go `ValidateDeploymentStrategy` after v1 defaulting: a missing type is RollingUpdate, missing
 * maxSurge / maxUnavailable are 25% (so "both zero" needs both written). An unknown type is layer 1's enum finding.
 */
function deploymentStrategy(r: DocReporter, strategy: Record<string, any>): void {
  const rawType = strategy.type ?? '';
  if (typeof rawType !== 'string') {
    return;
  }
  const type = rawType === '' ? 'RollingUpdate' : rawType;
  const ru = strategy.rollingUpdate;
  if (type === 'Recreate') {
    if (ru !== undefined && ru !== null) {
      r.add('DEP-STRATEGY', 'spec.strategy.rollingUpdate', 'Forbidden: may not be specified when strategy `type` is \'Recreate\'',
        'remove rollingUpdate, or use type RollingUpdate');
    }
    return;
  }
  if (type !== 'RollingUpdate' || (ru !== undefined && ru !== null && !isObj(ru))) {
    return;
  }
  const p = 'spec.strategy.rollingUpdate';
  const value = (v: unknown): number | string | undefined => (v === undefined || v === null ? '25%'
    : typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) ? v : undefined);
  const maxUnavailable = value(obj(ru).maxUnavailable);
  const maxSurge = value(obj(ru).maxSurge);
  for (const [field, v] of [['maxUnavailable', maxUnavailable], ['maxSurge', maxSurge]] as const) {
    if (typeof v === 'string') {
      for (const e of percentErrors(v)) {
        r.add('DEP-STRATEGY', `${p}.${field}`, `Invalid value: ${goIntOrString(v)}: ${e}`, 'write a whole number (e.g. 1) or a percentage (e.g. \'25%\')');
      }
    } else if (typeof v === 'number' && v < 0) {
      r.add('DEP-STRATEGY', `${p}.${field}`, `Invalid value: ${v}: must be greater than or equal to 0`);
    }
  }
  if (maxUnavailable === undefined || maxSurge === undefined) {
    return;
  }
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    r.add('DEP-STRATEGY', `${p}.maxUnavailable`, `Invalid value: ${goIntOrString(maxUnavailable)}: may not be 0 when \`maxSurge\` is 0`,
      'let the rollout either add a pod (maxSurge ≥ 1) or take one down (maxUnavailable ≥ 1)');
  }
  if (typeof maxUnavailable === 'string' && percentErrors(maxUnavailable).length === 0 && intOrPercentValue(maxUnavailable) > 100) {
    r.add('DEP-STRATEGY', `${p}.maxUnavailable`, `Invalid value: ${goIntOrString(maxUnavailable)}: must not be greater than 100%`);
  }
}

function workload(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  const kind = m.kind;
  const replicas = int(spec.replicas);
  if (replicas !== undefined && replicas < 0) {
    r.add('DEP-REPLICAS', 'spec.replicas', `Invalid value: ${replicas}: must be greater than or equal to 0`);
  }
  const tpl = obj(spec.template);
  const tplMeta = obj(tpl.metadata);
  const tplLabels = obj(tplMeta.labels);
  if (kind !== 'Job' && isObj(spec.selector)) {
    const sel = spec.selector;
    if (Object.keys(obj(sel.matchLabels)).length === 0 && arr(sel.matchExpressions).length === 0) {
      r.add('DEP-SELECTOR-EMPTY', 'spec.selector', `Invalid value: ${JSON.stringify(sel)}: empty selector is invalid for deployment`);
    } else if (isObj(spec.template) && !selectorMatches(sel, tplLabels)) {
      r.add('DEP-SELECTOR-MATCH', 'spec.template.metadata.labels', `Invalid value: ${goMap(tplLabels)}: \`selector\` does not match template \`labels\``);
    }
  } else if (kind === 'Job' && isObj(spec.selector) && spec.manualSelector === true && !selectorMatches(spec.selector, tplLabels)) {
    r.add('DEP-SELECTOR-MATCH', 'spec.template.metadata.labels', `Invalid value: ${goMap(tplLabels)}: \`selector\` does not match template \`labels\``);
  }
  labels(r, tplMeta.labels, 'spec.template.metadata.labels', 'META-LABEL-KEY', 'META-LABEL-VALUE');
  annotations(r, tplMeta.annotations, 'spec.template.metadata.annotations');
  if (!isObj(tpl.spec)) {
    return;
  }
  const ps = tpl.spec;
  const restart = str(ps.restartPolicy);
  if (LONG_RUNNING_KINDS.has(kind)) {
    if (restart !== undefined && restart !== 'Always') {
      r.add('DEP-TEMPLATE-RESTARTPOLICY', 'spec.template.spec.restartPolicy', `Unsupported value: ${q(restart)}: supported values: "Always"`);
    }
    const ads = int(ps.activeDeadlineSeconds);
    if (ads !== undefined) {
      r.add('DEP-TEMPLATE-ACTIVEDEADLINE', 'spec.template.spec.activeDeadlineSeconds', `Invalid value: ${ads}: must not be specified`);
    }
  } else if (kind === 'Job') {
    if (restart === undefined || restart === 'Always') {
      r.add('JOB-RESTARTPOLICY', 'spec.template.spec.restartPolicy', `Unsupported value: ${q(restart ?? 'Always')}: supported values: "OnFailure", "Never"`);
    }
  }
  if (kind === 'Deployment') {
    deploymentStrategy(r, obj(spec.strategy));
    const pds = int(spec.progressDeadlineSeconds);
    const mrs = int(spec.minReadySeconds) ?? 0;
    if (pds !== undefined && pds <= mrs) {
      r.add('DEP-PROGRESS-DEADLINE', 'spec.progressDeadlineSeconds', `Invalid value: ${pds}: must be greater than minReadySeconds`);
    }
  }
}

export const WORKLOADS_MODULE = {
  name: 'workloads',
  title: 'Deployment, StatefulSet, DaemonSet, ReplicaSet, Job: replicas, selector, template, strategy',
  rules: RULES,
  checks: [{ kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'], check: workload }],
} as const satisfies RuleModule;
