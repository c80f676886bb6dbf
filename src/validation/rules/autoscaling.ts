/**
 * HorizontalPodAutoscaler (autoscaling/v1 and autoscaling/v2) as the 1.27 API server validates it on
 * create: `ValidateHorizontalPodAutoscaler` → `validateHorizontalPodAutoscalerSpec`,
 * `ValidateCrossVersionObjectReference`, `validateMetrics`/`validateMetricSpec` and the source
 * validators, `validateMetricTarget`, `validateMetricIdentifier`, `validateBehavior`/
 * `validateScalingRules`/`validateScalingPolicy` (pkg/apis/autoscaling/validation, release-1.27),
 * after the v1/v2 defaults (minReplicas 1; behavior rules left out are filled in). HPAScaleToZero
 * is off by default in 1.27, so minReplicas must be at least 1; HPAContainerMetrics is on (beta).
 */
import { pathSegmentNameErrors } from '../../private/k8s-more';
import { dns1123LabelErrors } from '../../private/k8s-names';
import { parseQuantity } from '../../private/quantity';
import { arr, child, index, int, isObj, isSet, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { KindCheck } from './module';
import type { DocReporter } from '../report';
import { servedAs } from './builtin-helpers';

const E = Severity.ERROR;
const SRC = '(pkg/apis/autoscaling/validation, release-1.27)';
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

export const RULES = defineRules({
  'HPA-REPLICAS': { layer: 'api', severity: E, summary: 'HorizontalPodAutoscaler minReplicas below 1 (scale to zero is an alpha feature gate, off in 1.27), maxReplicas below 1, or maxReplicas below minReplicas (which defaults to 1)', fix: 'set minReplicas >= 1 and maxReplicas >= minReplicas', source: `validateHorizontalPodAutoscalerSpec ${SRC}` },
  'HPA-TARGETREF': { layer: 'api', severity: E, summary: 'HorizontalPodAutoscaler scaleTargetRef (or an Object metric\'s describedObject) without kind/name, or with a kind/name containing / or %', fix: 'scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: <name>}', source: `ValidateCrossVersionObjectReference ${SRC}` },
  'HPA-METRIC-TYPE': { layer: 'api', severity: E, summary: 'HorizontalPodAutoscaler metric without a type, with an unsupported type, without the source its type names, or with a second source', fix: 'give each metric a type (Resource, ContainerResource, Pods, Object, External) and exactly the matching field (resource, containerResource, pods, object, external)', source: `validateMetricSpec ${SRC}` },
  'HPA-METRIC-SOURCE': { layer: 'api', severity: E, summary: 'HorizontalPodAutoscaler metric source without a resource/metric name, with an invalid metric name, or a ContainerResource metric without a valid container name', fix: 'name the resource (cpu, memory) or the metric, and for ContainerResource the container', source: `validateResourceSource, validateContainerResourceSource, validateMetricIdentifier ${SRC}` },
  'HPA-METRIC-TARGET': { layer: 'api', severity: E, summary: 'HorizontalPodAutoscaler metric target with a missing/unsupported type, a non-positive value/averageValue/averageUtilization, or without the value its source needs (Resource: averageUtilization or averageValue; Pods: averageValue; Object/External: value or averageValue)', fix: 'target: {type: Utilization, averageUtilization: 70} for Resource metrics; {type: AverageValue, averageValue: "100"} for Pods metrics', source: `validateMetricTarget and the source validators ${SRC}` },
  'HPA-BEHAVIOR': { layer: 'api', severity: E, summary: 'HorizontalPodAutoscaler behavior rule with stabilizationWindowSeconds outside 0-3600, an unsupported selectPolicy, an empty policies list, or a policy with an unsupported type, a value <= 0, or periodSeconds outside 1-1800', fix: 'policies: [{type: Pods|Percent, value: > 0, periodSeconds: 1-1800}], selectPolicy Max, Min or Disabled', source: `validateBehavior, validateScalingRules, validateScalingPolicy ${SRC}` },
});

function crossVersionRef(r: DocReporter, ref: Record<string, any>, p: string): void {
  for (const field of ['kind', 'name']) {
    const v = ref[field];
    if (!isSet(v) || v === '') {
      r.add('HPA-TARGETREF', child(p, field), 'Required value');
    } else if (typeof v === 'string') {
      for (const e of pathSegmentNameErrors(v)) {
        r.add('HPA-TARGETREF', child(p, field), `Invalid value: ${q(v)}: ${e}`);
      }
    }
  }
}

/** The sign of a quantity given as a number or a string, or undefined when it is not one. */
function quantitySign(v: unknown): number | undefined {
  const text = typeof v === 'number' ? String(v) : str(v);
  const qty = text === undefined ? undefined : parseQuantity(text);
  return qty === undefined ? undefined : qty.num > 0n ? 1 : qty.num < 0n ? -1 : 0;
}

function metricTarget(r: DocReporter, t: Record<string, any>, p: string): void {
  const type = t.type;
  if (!isSet(type) || type === '') {
    r.add('HPA-METRIC-TARGET', child(p, 'type'), 'Required value: must specify a metric target type');
  }
  if (typeof type === 'string' || !isSet(type)) {
    const ty = str(type) ?? '';
    if (ty !== 'Utilization' && ty !== 'Value' && ty !== 'AverageValue') {
      r.add('HPA-METRIC-TARGET', child(p, 'type'), `Invalid value: ${q(ty)}: must be either Utilization, Value, or AverageValue`);
    }
  }
  for (const field of ['value', 'averageValue']) {
    const sign = isSet(t[field]) ? quantitySign(t[field]) : undefined;
    if (sign !== undefined && sign < 1) {
      r.add('HPA-METRIC-TARGET', child(p, field), `Invalid value: ${q(String(t[field]))}: must be positive`);
    }
  }
  const util = int(t.averageUtilization);
  if (util !== undefined && util < 1) {
    r.add('HPA-METRIC-TARGET', child(p, 'averageUtilization'), `Invalid value: ${util}: must be greater than 0`);
  }
}

function metricIdentifier(r: DocReporter, id: unknown, p: string): void {
  if (isSet(id) && !isObj(id)) {
    return; // a type error: the schema layer's
  }
  const name = isObj(id) ? id.name : undefined;
  if (!isSet(name) || name === '') {
    r.add('HPA-METRIC-SOURCE', child(p, 'name'), 'Required value: must specify a metric name');
  } else if (typeof name === 'string') {
    for (const e of pathSegmentNameErrors(name)) {
      r.add('HPA-METRIC-SOURCE', child(p, 'name'), `Invalid value: ${q(name)}: ${e}`);
    }
  }
}

function source(r: DocReporter, kind: string, src: Record<string, any>, p: string): void {
  const target = obj(src.target);
  const tp = child(p, 'target');
  const has = (f: string): boolean => isSet(target[f]);
  switch (kind) {
    case 'object':
      crossVersionRef(r, obj(src.describedObject), child(p, 'describedObject'));
      metricIdentifier(r, src.metric, child(p, 'metric'));
      metricTarget(r, target, tp);
      if (!has('value') && !has('averageValue')) {
        r.add('HPA-METRIC-TARGET', child(tp, 'averageValue'), 'Required value: must set either a target value or averageValue');
      }
      break;
    case 'external':
      metricIdentifier(r, src.metric, child(p, 'metric'));
      metricTarget(r, target, tp);
      if (!has('value') && !has('averageValue')) {
        r.add('HPA-METRIC-TARGET', child(tp, 'averageValue'), 'Required value: must set either a target value for metric or a per-pod target');
      }
      if (has('value') && has('averageValue')) {
        r.add('HPA-METRIC-TARGET', child(tp, 'value'), 'Forbidden: may not set both a target value for metric and a per-pod target');
      }
      break;
    case 'pods':
      metricIdentifier(r, src.metric, child(p, 'metric'));
      metricTarget(r, target, tp);
      if (!has('averageValue')) {
        r.add('HPA-METRIC-TARGET', child(tp, 'averageValue'), 'Required value: must specify a positive target averageValue');
      }
      break;
    default: // resource, containerResource
      if (!isSet(src.name) || src.name === '') {
        r.add('HPA-METRIC-SOURCE', child(p, 'name'), 'Required value: must specify a resource name');
      }
      if (kind === 'containerResource' && typeof src.name === 'string' && src.name !== '' && !src.name.includes('/')
        && !['cpu', 'memory', 'ephemeral-storage'].includes(src.name) && !src.name.startsWith('hugepages-')) {
        r.add('HPA-METRIC-SOURCE', child(p, 'name'), `Invalid value: ${q(src.name)}: must be a standard resource for containers`);
      }
      if (kind === 'containerResource') {
        const container = src.container;
        if (!isSet(container) || container === '') {
          r.add('HPA-METRIC-SOURCE', child(p, 'container'), 'Required value: must specify a container');
        } else if (typeof container === 'string') {
          for (const e of dns1123LabelErrors(container)) {
            r.add('HPA-METRIC-SOURCE', child(p, 'container'), `Invalid value: ${q(container)}: ${e}`);
          }
        }
      }
      metricTarget(r, target, tp);
      if (!has('averageUtilization') && !has('averageValue')) {
        r.add('HPA-METRIC-TARGET', child(tp, 'averageUtilization'), 'Required value: must set either a target raw value or a target utilization');
      }
      if (has('averageUtilization') && has('averageValue')) {
        r.add('HPA-METRIC-TARGET', child(tp, 'averageValue'), 'Forbidden: may not set both a target raw value and a target utilization');
      }
  }
}

/** Metric type → the field that holds its source, in `validateMetricSpec`'s order. */
const SOURCES: ReadonlyArray<[string, string]> = [
  ['Object', 'object'], ['External', 'external'], ['Pods', 'pods'], ['Resource', 'resource'], ['ContainerResource', 'containerResource'],
];
const SUPPORTED_TYPES = '"ContainerResource", "External", "Object", "Pods", "Resource"';

function metricSpec(r: DocReporter, spec: Record<string, any>, p: string): void {
  const type = spec.type;
  if (typeof type !== 'string' && isSet(type)) {
    return; // a type error: the schema layer's
  }
  const ty = str(type) ?? '';
  const expected = SOURCES.find(([t]) => t === ty)?.[1];
  if (ty === '') {
    r.add('HPA-METRIC-TYPE', child(p, 'type'), 'Required value: must specify a metric source type');
  }
  if (expected === undefined) {
    r.add('HPA-METRIC-TYPE', child(p, 'type'), `Unsupported value: ${q(ty)}: supported values: ${SUPPORTED_TYPES}`);
  }
  const present = SOURCES.map(([, f]) => f).filter((f) => isSet(spec[f]));
  if (present.length > 0 && isObj(spec[present[0]])) {
    source(r, present[0], spec[present[0]], child(p, present[0]));
  }
  if (expected !== undefined && !present.includes(expected)) {
    r.add('HPA-METRIC-TYPE', child(p, expected), 'Required value: must populate information for the given metric source',
      `add ${expected}: {...} (the source of a ${ty} metric)`);
  }
  if (present.length > 1) {
    for (const f of present.filter((x) => x !== expected)) {
      r.add('HPA-METRIC-TYPE', child(p, f), 'Forbidden: must populate the given metric source only');
    }
  }
}

function scalingRules(r: DocReporter, rules: Record<string, any>, p: string): void {
  const window = int(rules.stabilizationWindowSeconds);
  if (window !== undefined && window < 0) {
    r.add('HPA-BEHAVIOR', child(p, 'stabilizationWindowSeconds'), `Invalid value: ${window}: must be greater than or equal to zero`);
  }
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS) {
    r.add('HPA-BEHAVIOR', child(p, 'stabilizationWindowSeconds'), `Invalid value: ${window}: must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`);
  }
  const select = rules.selectPolicy;
  if (typeof select === 'string' && !['Max', 'Min', 'Disabled'].includes(select)) {
    r.add('HPA-BEHAVIOR', child(p, 'selectPolicy'), `Unsupported value: ${q(select)}: supported values: "Disabled", "Max", "Min"`);
  }
  // the v2 defaults fill in policies left out (or null); only an explicitly empty list stays empty
  if (Array.isArray(rules.policies) && rules.policies.length === 0) {
    r.add('HPA-BEHAVIOR', child(p, 'policies'), 'Required value: must specify at least one Policy', 'add a policy, or leave policies out to get the default ones');
  }
  arr(rules.policies).forEach((pol, i) => {
    if (!isObj(pol)) {
      return;
    }
    const pp = index(child(p, 'policies'), i);
    if (typeof pol.type === 'string' || !isSet(pol.type)) {
      const ty = str(pol.type) ?? '';
      if (ty !== 'Pods' && ty !== 'Percent') {
        r.add('HPA-BEHAVIOR', child(pp, 'type'), `Unsupported value: ${q(ty)}: supported values: "Percent", "Pods"`);
      }
    }
    for (const [field, max] of [['value', undefined], ['periodSeconds', MAX_PERIOD_SECONDS]] as const) {
      const v = pol[field];
      if (!isSet(v) || (typeof v === 'number' && Number.isInteger(v))) {
        const n = int(v) ?? 0;
        if (n <= 0) {
          r.add('HPA-BEHAVIOR', child(pp, field), `Invalid value: ${n}: must be greater than zero`);
        }
        if (max !== undefined && n > max) {
          r.add('HPA-BEHAVIOR', child(pp, field), `Invalid value: ${n}: must be less than or equal to ${max}`);
        }
      }
    }
  });
}

function horizontalPodAutoscaler(r: DocReporter, m: any): void {
  const v1 = servedAs(m, 'autoscaling/v1');
  if (!v1 && !servedAs(m, 'autoscaling/v2')) {
    return;
  }
  const spec = obj(m.spec);
  // v1 and v2 default minReplicas to 1
  const minGiven = isSet(spec.minReplicas);
  const min = minGiven ? int(spec.minReplicas) : 1;
  const max = isSet(spec.maxReplicas) ? int(spec.maxReplicas) : 0;
  if (min !== undefined && min < 1) {
    r.add('HPA-REPLICAS', 'spec.minReplicas', `Invalid value: ${min}: must be greater than or equal to 1`,
      min === 0 ? 'scale to zero needs the HPAScaleToZero feature gate (alpha, off by default): set minReplicas: 1' : undefined);
  }
  if (max !== undefined && max < 1) {
    r.add('HPA-REPLICAS', 'spec.maxReplicas', `Invalid value: ${max}: must be greater than 0`);
  }
  if (min !== undefined && max !== undefined && max < min) {
    r.add('HPA-REPLICAS', 'spec.maxReplicas', `Invalid value: ${max}: must be greater than or equal to \`minReplicas\``,
      minGiven ? undefined : 'minReplicas defaults to 1: set maxReplicas to at least 1');
  }
  crossVersionRef(r, obj(spec.scaleTargetRef), 'spec.scaleTargetRef');
  if (v1) {
    const util = int(spec.targetCPUUtilizationPercentage);
    if (util !== undefined && util < 1) {
      r.add('HPA-METRIC-TARGET', 'spec.targetCPUUtilizationPercentage', `Invalid value: ${util}: must be greater than 0`);
    }
    return;
  }
  arr(spec.metrics).forEach((ms, i) => {
    if (isObj(ms)) {
      metricSpec(r, ms, index('spec.metrics', i));
    } else if (ms === null) {
      metricSpec(r, {}, index('spec.metrics', i));
    }
  });
  if (isObj(spec.behavior)) {
    for (const dir of ['scaleUp', 'scaleDown']) {
      if (isObj(spec.behavior[dir])) {
        scalingRules(r, spec.behavior[dir], child('spec.behavior', dir));
      }
    }
  }
}

const CHECKS: readonly KindCheck[] = [
  { kinds: ['HorizontalPodAutoscaler'], check: horizontalPodAutoscaler },
];

/** The HorizontalPodAutoscaler rules. */
export const AUTOSCALING_MODULE = {
  name: 'autoscaling',
  title: 'HorizontalPodAutoscaler, autoscaling/v1 and v2 (ValidateHorizontalPodAutoscaler)',
  rules: RULES,
  checks: CHECKS,
} as const;
