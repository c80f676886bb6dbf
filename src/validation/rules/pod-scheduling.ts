/**
 * Where a pod may run: affinity, topology spread constraints, scheduling gates, priority class
 * name and node name (`validateAffinity`, `validateTopologySpreadConstraints`,
 * `validateSchedulingGates`, `ValidatePodSpec` of pkg/apis/core/validation, release-1.27).
 * Enum values (operators of node selector requirements, whenUnsatisfiable, node inclusion policies)
 * are the structure layer's findings and are not repeated here.
 */
import type { RuleModule } from './module';
import { dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { arr, child, index, int, isObj, isSet, obj, q, str } from '../core/json';
import type { PodSpecRef } from '../core/kinds';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { labelSelector } from './api-common';
import { podSpecCheck } from './pod-more-common';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'POD-NODE-AFFINITY': {
    layer: 'api',
    severity: E,
    summary: 'node affinity: required terms empty, In/NotIn without values, Exists/DoesNotExist with values, Gt/Lt without exactly one value, bad key, matchFields other than metadata.name with one value, preferred weight outside 1..100',
    fix: 'give requiredDuringScheduling… at least one term; In/NotIn need values, Exists/DoesNotExist none, Gt/Lt exactly one; matchFields only supports metadata.name with one value; weights 1..100',
    source: `validateNodeAffinity, ValidateNodeSelector, ValidateNodeSelectorRequirement, ValidateNodeFieldSelectorRequirement, ValidatePreferredSchedulingTerms (${V})`,
  },
  'POD-POD-AFFINITY': {
    layer: 'api',
    severity: E,
    summary: 'pod (anti-)affinity term without topologyKey or with an invalid one, invalid labelSelector/namespaceSelector, invalid namespace name, weight outside 1..100',
    fix: 'set topologyKey to a node label key (e.g. kubernetes.io/hostname), write a valid label selector, and weights 1..100',
    source: `validatePodAffinity, validatePodAntiAffinity, validatePodAffinityTerm, validateWeightedPodAffinityTerms (${V})`,
  },
  'POD-TOPOLOGY-SPREAD': {
    layer: 'api',
    severity: E,
    summary: 'topology spread constraint with maxSkew ≤ 0, no topologyKey or whenUnsatisfiable, minDomains ≤ 0 or without DoNotSchedule, a repeated {topologyKey, whenUnsatisfiable} pair, bad matchLabelKeys, or an invalid labelSelector',
    fix: 'maxSkew ≥ 1, a topologyKey, whenUnsatisfiable DoNotSchedule or ScheduleAnyway; minDomains ≥ 1 only with DoNotSchedule; one constraint per {topologyKey, whenUnsatisfiable}; matchLabelKeys only with a labelSelector and not repeating its keys',
    source: `validateTopologySpreadConstraints (${V}; minDomains and matchLabelKeys are beta, on by default, in 1.27)`,
  },
  'POD-SCHEDULING-GATES': {
    layer: 'api',
    severity: E,
    summary: 'scheduling gate name not a qualified name, or repeated',
    fix: 'name each gate once, as a qualified name such as example.com/wait-for-quota',
    source: `validateSchedulingGates (${V}; PodSchedulingReadiness is beta, on by default, in 1.27)`,
  },
  'POD-PRIORITYCLASS-NAME': {
    layer: 'api',
    severity: E,
    summary: 'priorityClassName is not a DNS-1123 subdomain',
    fix: 'use the name of a PriorityClass (lower-case letters, digits, \'-\' and \'.\')',
    source: `ValidatePodSpec: ValidatePriorityClassName (${V})`,
  },
  'POD-NODENAME': {
    layer: 'api',
    severity: E,
    summary: 'nodeName is not a DNS-1123 subdomain',
    fix: 'use the name of a Node, or nodeSelector / affinity to let the scheduler choose',
    source: `ValidatePodSpec: ValidateNodeName (${V})`,
  },
});

/** `ValidateNodeSelectorRequirement` (matchExpressions of node selector terms). */
function nodeSelectorRequirement(r: DocReporter, e: Record<string, any>, p: string): void {
  const values = arr(e.values);
  const op = e.operator;
  if (op === 'In' || op === 'NotIn') {
    if (values.length === 0) {
      r.add('POD-NODE-AFFINITY', child(p, 'values'), 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'');
    }
  } else if (op === 'Exists' || op === 'DoesNotExist') {
    if (values.length > 0) {
      r.add('POD-NODE-AFFINITY', child(p, 'values'), 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'');
    }
  } else if (op === 'Gt' || op === 'Lt') {
    if (values.length !== 1) {
      r.add('POD-NODE-AFFINITY', child(p, 'values'), 'Required value: must be specified single value when `operator` is \'Lt\' or \'Gt\'');
    }
  }
  const key = str(e.key);
  if (key !== undefined) {
    for (const m of qualifiedNameErrors(key)) {
      r.add('POD-NODE-AFFINITY', child(p, 'key'), `Invalid value: ${q(key)}: ${m}`);
    }
  }
}

/** `ValidateNodeFieldSelectorRequirement` (matchFields: only metadata.name, In/NotIn with one value). */
function nodeFieldSelectorRequirement(r: DocReporter, e: Record<string, any>, p: string): void {
  const values = arr(e.values);
  if ((e.operator === 'In' || e.operator === 'NotIn') && values.length !== 1) {
    r.add('POD-NODE-AFFINITY', child(p, 'values'), 'Required value: must be only one value when `operator` is \'In\' or \'NotIn\' for node field selector');
  } else if (['Exists', 'DoesNotExist', 'Gt', 'Lt'].includes(e.operator)) {
    // valid node selector operators (the structure layer accepts them) that matchFields does not support
    r.add('POD-NODE-AFFINITY', child(p, 'operator'), `Invalid value: ${q(e.operator)}: not a valid selector operator`);
  }
  const key = str(e.key);
  if (key === undefined) {
    return;
  }
  if (key !== 'metadata.name') {
    r.add('POD-NODE-AFFINITY', child(p, 'key'), `Invalid value: ${q(key)}: not a valid field selector key`,
      'matchFields supports only the key metadata.name (use matchExpressions for node labels)');
    return;
  }
  values.forEach((v, i) => {
    if (typeof v === 'string') {
      for (const m of dns1123SubdomainErrors(v)) {
        r.add('POD-NODE-AFFINITY', index(child(p, 'values'), i), `Invalid value: ${q(v)}: ${m}`);
      }
    }
  });
}

function nodeSelectorTerm(r: DocReporter, term: unknown, p: string): void {
  const t = obj(term);
  arr(t.matchExpressions).forEach((e, i) => {
    if (isObj(e)) {
      nodeSelectorRequirement(r, e, index(child(p, 'matchExpressions'), i));
    }
  });
  arr(t.matchFields).forEach((e, i) => {
    if (isObj(e)) {
      nodeFieldSelectorRequirement(r, e, index(child(p, 'matchFields'), i));
    }
  });
}

function weight(r: DocReporter, rule: 'POD-NODE-AFFINITY' | 'POD-POD-AFFINITY', w: unknown, p: string): void {
  if (!isSet(w)) {
    r.required(rule, p, 'give the term a weight from 1 to 100');
    return;
  }
  const n = int(w);
  if (n !== undefined && (n <= 0 || n > 100)) {
    r.add(rule, p, `Invalid value: ${n}: must be in the range 1-100`);
  }
}

function nodeAffinity(r: DocReporter, na: Record<string, any>, p: string): void {
  const req = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (isObj(req)) {
    const tp = child(child(p, 'requiredDuringSchedulingIgnoredDuringExecution'), 'nodeSelectorTerms');
    const terms = arr(req.nodeSelectorTerms);
    if (terms.length === 0) {
      if (isSet(req.nodeSelectorTerms)) {
        r.add('POD-NODE-AFFINITY', tp, 'Required value: must have at least one node selector term');
      } else {
        r.required('POD-NODE-AFFINITY', tp, 'give requiredDuringSchedulingIgnoredDuringExecution at least one node selector term');
      }
    }
    terms.forEach((t, i) => nodeSelectorTerm(r, t, index(tp, i)));
  }
  const pp = child(p, 'preferredDuringSchedulingIgnoredDuringExecution');
  arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    if (!isObj(t)) {
      return;
    }
    weight(r, 'POD-NODE-AFFINITY', t.weight, child(index(pp, i), 'weight'));
    nodeSelectorTerm(r, t.preference, child(index(pp, i), 'preference'));
  });
}

/** `validatePodAffinityTerm` (namespaces errors are reported on `…namespace`, as the API server does). */
function podAffinityTerm(r: DocReporter, term: Record<string, any>, p: string): void {
  labelSelector(r, term.labelSelector, child(p, 'labelSelector'), 'POD-POD-AFFINITY');
  labelSelector(r, term.namespaceSelector, child(p, 'namespaceSelector'), 'POD-POD-AFFINITY');
  for (const ns of arr(term.namespaces)) {
    if (typeof ns === 'string') {
      for (const m of dns1123LabelErrors(ns)) {
        r.add('POD-POD-AFFINITY', child(p, 'namespace'), `Invalid value: ${q(ns)}: ${m}`);
      }
    }
  }
  const key = str(term.topologyKey);
  if (!isSet(term.topologyKey)) {
    r.required('POD-POD-AFFINITY', child(p, 'topologyKey'), 'set topologyKey to a node label key such as kubernetes.io/hostname or topology.kubernetes.io/zone');
  } else if (key === '') {
    r.add('POD-POD-AFFINITY', child(p, 'topologyKey'), 'Required value: can not be empty');
  } else if (key !== undefined) {
    for (const m of qualifiedNameErrors(key)) {
      r.add('POD-POD-AFFINITY', child(p, 'topologyKey'), `Invalid value: ${q(key)}: ${m}`);
    }
  }
}

function podAffinity(r: DocReporter, pa: Record<string, any>, p: string): void {
  const rp = child(p, 'requiredDuringSchedulingIgnoredDuringExecution');
  arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    if (isObj(t)) {
      podAffinityTerm(r, t, index(rp, i));
    }
  });
  const pp = child(p, 'preferredDuringSchedulingIgnoredDuringExecution');
  arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    if (!isObj(t)) {
      return;
    }
    weight(r, 'POD-POD-AFFINITY', t.weight, child(index(pp, i), 'weight'));
    if (isObj(t.podAffinityTerm)) {
      podAffinityTerm(r, t.podAffinityTerm, child(index(pp, i), 'podAffinityTerm'));
    }
  });
}

/** `validateTopologySpreadConstraints` (the duplicate pair is reported on the first constraint's path). */
function topologySpread(r: DocReporter, list: unknown, p: string): void {
  const cs = arr(list);
  cs.forEach((c, i) => {
    if (!isObj(c)) {
      return;
    }
    const cp = index(p, i);
    const maxSkew = int(c.maxSkew);
    if (!isSet(c.maxSkew)) {
      r.required('POD-TOPOLOGY-SPREAD', child(cp, 'maxSkew'), 'set maxSkew to 1 or more');
    } else if (maxSkew !== undefined && maxSkew <= 0) {
      r.add('POD-TOPOLOGY-SPREAD', child(cp, 'maxSkew'), `Invalid value: ${maxSkew}: must be greater than zero`);
    }
    if (!isSet(c.topologyKey)) {
      r.required('POD-TOPOLOGY-SPREAD', child(cp, 'topologyKey'), 'set topologyKey to a node label key such as topology.kubernetes.io/zone');
    } else if (c.topologyKey === '') {
      r.add('POD-TOPOLOGY-SPREAD', child(cp, 'topologyKey'), 'Required value: can not be empty');
    }
    if (!isSet(c.whenUnsatisfiable)) {
      r.required('POD-TOPOLOGY-SPREAD', child(cp, 'whenUnsatisfiable'), 'set whenUnsatisfiable to DoNotSchedule or ScheduleAnyway');
    }
    const key = str(c.topologyKey);
    const when = str(c.whenUnsatisfiable) ?? '';
    if (key !== undefined) {
      const dup = cs.slice(i + 1).some((o) => isObj(o) && o.topologyKey === key && (str(o.whenUnsatisfiable) ?? '') === when);
      if (dup) {
        r.add('POD-TOPOLOGY-SPREAD', cp, `Duplicate value: "{${key}, ${when}}"`,
          'keep one constraint per {topologyKey, whenUnsatisfiable} pair (the API server reports it on `{topologyKey, whenUnsatisfiable}` of the first)');
      }
    }
    if (isSet(c.minDomains)) {
      const md = int(c.minDomains);
      if (md !== undefined && md <= 0) {
        r.add('POD-TOPOLOGY-SPREAD', child(cp, 'minDomains'), `Invalid value: ${md}: must be greater than zero`);
      }
      if (md !== undefined && when !== 'DoNotSchedule') {
        r.add('POD-TOPOLOGY-SPREAD', child(cp, 'minDomains'), `Invalid value: ${md}: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`);
      }
    }
    matchLabelKeys(r, c, child(cp, 'matchLabelKeys'));
    labelSelector(r, c.labelSelector, child(cp, 'labelSelector'), 'POD-TOPOLOGY-SPREAD');
  });
}

/** `validateMatchLabelKeys` (1.27: MatchLabelKeysInPodTopologySpread beta, on by default). */
function matchLabelKeys(r: DocReporter, c: Record<string, any>, p: string): void {
  const keys = arr(c.matchLabelKeys);
  if (keys.length === 0) {
    return;
  }
  const selectorKeys = new Set<string>();
  if (isObj(c.labelSelector)) {
    for (const k of Object.keys(obj(c.labelSelector.matchLabels))) {
      selectorKeys.add(k);
    }
    for (const e of arr(c.labelSelector.matchExpressions)) {
      const k = str(obj(e).key);
      if (k !== undefined) {
        selectorKeys.add(k);
      }
    }
  } else {
    r.add('POD-TOPOLOGY-SPREAD', p, 'Forbidden: must not be specified when labelSelector is not set');
  }
  keys.forEach((k, i) => {
    if (typeof k !== 'string') {
      return;
    }
    for (const m of qualifiedNameErrors(k)) {
      r.add('POD-TOPOLOGY-SPREAD', index(p, i), `Invalid value: ${q(k)}: ${m}`);
    }
    if (selectorKeys.has(k)) {
      r.add('POD-TOPOLOGY-SPREAD', index(p, i), `Invalid value: ${q(k)}: exists in both matchLabelKeys and labelSelector`);
    }
  });
}

/** `validateSchedulingGates`: qualified names, no duplicates. */
function schedulingGates(r: DocReporter, list: unknown, p: string): void {
  const seen = new Set<string>();
  arr(list).forEach((g, i) => {
    const name = isObj(g) ? (isSet(g.name) ? str(g.name) : '') : undefined;
    if (name === undefined) {
      return;
    }
    for (const m of qualifiedNameErrors(name)) {
      r.add('POD-SCHEDULING-GATES', index(p, i), `Invalid value: ${q(name)}: ${m}`);
    }
    if (seen.has(name)) {
      r.add('POD-SCHEDULING-GATES', index(p, i), `Duplicate value: ${q(name)}`);
    }
    seen.add(name);
  });
}

function check(r: DocReporter, ref: PodSpecRef): void {
  const spec = ref.spec;
  const p = ref.path;
  const aff = obj(spec.affinity);
  if (isObj(aff.nodeAffinity)) {
    nodeAffinity(r, aff.nodeAffinity, child(child(p, 'affinity'), 'nodeAffinity'));
  }
  for (const f of ['podAffinity', 'podAntiAffinity']) {
    if (isObj(aff[f])) {
      podAffinity(r, aff[f], child(child(p, 'affinity'), f));
    }
  }
  topologySpread(r, spec.topologySpreadConstraints, child(p, 'topologySpreadConstraints'));
  schedulingGates(r, spec.schedulingGates, child(p, 'schedulingGates'));
  for (const [field, rule] of [['priorityClassName', 'POD-PRIORITYCLASS-NAME'], ['nodeName', 'POD-NODENAME']] as const) {
    const v = str(spec[field]);
    if (v !== undefined && v !== '') {
      for (const e of dns1123SubdomainErrors(v)) {
        r.add(rule, child(p, field), `Invalid value: ${q(v)}: ${e}`);
      }
    }
  }
}

export const POD_SCHEDULING_MODULE = {
  name: 'pod-scheduling',
  title: 'Where pods may run: affinity, topology spread, scheduling gates, priority class and node names',
  rules: RULES,
  checks: [podSpecCheck(check)],
} as const satisfies RuleModule;
