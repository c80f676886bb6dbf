/**
 * RuntimeClass (node.k8s.io/v1) as the 1.27 API server validates it on create:
 * `ValidateRuntimeClass`, `validateOverhead`, `validateScheduling`, `validateTolerations`
 * (pkg/apis/node/validation, release-1.27), reusing core's `ValidateTolerations` and the resource
 * name/quantity part of `ValidateResourceRequirements`. Findings are reported at the RuntimeClass's
 * own fields (`overhead.podFixed[cpu]`), where the server names the internal `overhead.limits[cpu]`.
 */
import { dns1123LabelErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { parseQuantity } from '../../private/quantity';
import { arr, index, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { KindCheck } from './module';
import type { DocReporter } from '../report';
import { labels, tolerations } from './api-common';
import { servedAs } from './builtin-helpers';

const E = Severity.ERROR;
const SRC = '(pkg/apis/node/validation, release-1.27)';

export const RULES = defineRules({
  'RTC-HANDLER': { layer: 'api', severity: E, summary: 'RuntimeClass handler missing or not a DNS-1123 label', fix: 'set handler to the CRI runtime handler name, e.g. runc or runsc (lower case, no dots)', source: `ValidateRuntimeClass ${SRC}` },
  'RTC-OVERHEAD': { layer: 'api', severity: E, summary: 'RuntimeClass overhead.podFixed with a negative quantity or a resource name that is not a container resource', fix: 'list cpu, memory (or ephemeral-storage, hugepages-*, extended resources) with non-negative quantities', source: `validateOverhead → ValidateResourceRequirements ${SRC}` },
  'RTC-SCHEDULING': { layer: 'api', severity: E, summary: 'RuntimeClass scheduling with an invalid nodeSelector label, an invalid toleration, or the same toleration twice', fix: 'use valid label keys/values, and tolerations as in a pod spec, each once', source: `validateScheduling, validateTolerations → ValidateTolerations ${SRC}` },
});

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function overhead(r: DocReporter, podFixed: unknown): void {
  if (!isObj(podFixed)) {
    return;
  }
  for (const [name, v] of Object.entries(podFixed)) {
    const p = index('overhead.podFixed', name);
    for (const e of qualifiedNameErrors(name)) {
      r.add('RTC-OVERHEAD', p, `Invalid value: ${q(name)}: ${e}`);
    }
    if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
      r.add('RTC-OVERHEAD', p, `Invalid value: ${q(name)}: must be a standard resource for containers`);
    }
    const text = typeof v === 'number' ? String(v) : str(v);
    const qty = text === undefined ? undefined : parseQuantity(text);
    if (qty && qty.num < 0n) {
      r.add('RTC-OVERHEAD', p, `Invalid value: ${q(text)}: must be greater than or equal to 0`);
    }
  }
}

/** `validateScheduling`: the tolerations as a pod's, and no toleration twice (list key: key, operator, value, effect as written). */
function schedulingTolerations(r: DocReporter, list: unknown, p: string): void {
  tolerations(r, list, p, 'RTC-SCHEDULING');
  const seen = new Set<string>();
  arr(list).forEach((t, i) => {
    if (!isObj(t)) {
      return;
    }
    const listKey = JSON.stringify([str(t.key) ?? '', str(t.operator) ?? '', str(t.value) ?? '', str(t.effect) ?? '']);
    if (seen.has(listKey)) {
      r.add('RTC-SCHEDULING', index(p, i), `Duplicate value: ${listKey}`, 'remove the repeated toleration');
    }
    seen.add(listKey);
  });
}

function runtimeClass(r: DocReporter, m: any): void {
  if (!servedAs(m, 'node.k8s.io/v1')) {
    return;
  }
  if (typeof m.handler === 'string' || m.handler === undefined || m.handler === null) {
    const handler = str(m.handler) ?? '';
    for (const e of dns1123LabelErrors(handler)) {
      r.add('RTC-HANDLER', 'handler', `Invalid value: ${q(handler)}: ${e}`);
    }
  }
  if (isObj(m.overhead)) {
    overhead(r, m.overhead.podFixed);
  }
  if (isObj(m.scheduling)) {
    labels(r, m.scheduling.nodeSelector, 'scheduling.nodeSelector', 'RTC-SCHEDULING', 'RTC-SCHEDULING');
    schedulingTolerations(r, obj(m.scheduling).tolerations, 'scheduling.tolerations');
  }
}

const CHECKS: readonly KindCheck[] = [
  { kinds: ['RuntimeClass'], check: runtimeClass },
];

/** The RuntimeClass rules. */
export const NODE_MODULE = {
  name: 'node',
  title: 'RuntimeClass (ValidateRuntimeClass)',
  rules: RULES,
  checks: CHECKS,
} as const;
