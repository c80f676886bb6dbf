/**
 * FlowSchema and PriorityLevelConfiguration (flowcontrol.apiserver.k8s.io/v1beta3 and v1beta2, both
 * served by 1.27), after `ValidateFlowSchema` and `ValidatePriorityLevelConfiguration` of
 * pkg/apis/flowcontrol/validation (release-1.27), applied after the versions' defaulting (a zero
 * matchingPrecedence, concurrency share, queue count, hand size or queue length is defaulted, not
 * rejected).
 *
 * Not modelled: the verb list of resource rules, the equality of the mandatory objects (`exempt`,
 * `catch-all`) with their built-in spec, and the shuffle-sharding entropy bound.
 */
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../../private/k8s-names';
import { arr, child, hasOwn, index, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { goStrings, notSupported, servedAs } from './builtin-helpers';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const SRC = 'pkg/apis/flowcontrol/validation, release-1.27';
const VERSIONS = ['flowcontrol.apiserver.k8s.io/v1beta3', 'flowcontrol.apiserver.k8s.io/v1beta2'];

export const RULES = defineRules({
  'FS-PRECEDENCE': {
    layer: 'api',
    severity: E,
    summary: 'FlowSchema matchingPrecedence negative, above 10000, or 1 on a schema not named exempt',
    fix: 'use a matchingPrecedence between 2 and 10000 (lower matches first; 1 is reserved for exempt)',
    source: `ValidateFlowSchemaSpec (${SRC})`,
  },
  'FS-PRIORITY-LEVEL': {
    layer: 'api',
    severity: E,
    summary: 'FlowSchema without priorityLevelConfiguration.name, or a name that is not a DNS-1123 subdomain',
    fix: 'reference the PriorityLevelConfiguration by name',
    source: `ValidateFlowSchemaSpec (${SRC})`,
  },
  'FS-DISTINGUISHER': {
    layer: 'api',
    severity: E,
    summary: 'FlowSchema distinguisherMethod.type other than ByUser or ByNamespace',
    fix: 'use ByUser or ByNamespace (or omit distinguisherMethod)',
    source: `ValidateFlowSchemaSpec (${SRC})`,
  },
  'FS-RULES': {
    layer: 'api',
    severity: E,
    summary: 'FlowSchema rule without subjects or without resource/non-resource rules; resource rules without verbs, apiGroups, resources or namespaces (unless clusterScope); `*` mixed with other entries; bad non-resource URL paths',
    fix: 'each rule needs subjects and at least one resourceRules/nonResourceRules entry with verbs, apiGroups, resources and namespaces (or clusterScope: true)',
    source: `ValidateFlowSchemaPolicyRulesWithSubjects / ValidateFlowSchemaResourcePolicyRule / ValidateFlowSchemaNonResourcePolicyRule (${SRC})`,
  },
  'FS-SUBJECT': {
    layer: 'api',
    severity: E,
    summary: 'FlowSchema subject with an unknown kind, without the member its kind needs (user/group name, serviceAccount name and namespace), or with the member of another kind',
    fix: 'kind User takes user.name, Group takes group.name, ServiceAccount takes serviceAccount.name and .namespace',
    source: `ValidateFlowSchemaSubject (${SRC})`,
  },
  'PLC-TYPE': {
    layer: 'api',
    severity: E,
    summary: 'PriorityLevelConfiguration type other than Exempt/Limited, Exempt on a level not named exempt (or the reverse), or limited given on an Exempt level',
    fix: 'use type: Limited with a limited section (only the built-in `exempt` level is Exempt)',
    source: `ValidatePriorityLevelConfigurationSpec (${SRC})`,
  },
  'PLC-LIMITED': {
    layer: 'api',
    severity: E,
    summary: 'PriorityLevelConfiguration limited section missing, with negative concurrency shares, lendablePercent outside 0..100, negative borrowingLimitPercent, or a limitResponse type other than Queue/Reject',
    fix: 'type Limited needs limited.nominalConcurrencyShares (v1beta3) and limited.limitResponse.type Queue or Reject',
    source: `ValidateLimitedPriorityLevelConfiguration / ValidateLimitResponse (${SRC})`,
  },
  'PLC-QUEUING': {
    layer: 'api',
    severity: E,
    summary: 'PriorityLevelConfiguration queuing missing with limitResponse Queue, given with Reject, or with negative queues/queueLengthLimit, more than 10,000,000 queues, or handSize above queues',
    fix: 'limitResponse type Queue takes queuing {queues, handSize <= queues, queueLengthLimit}; Reject takes none',
    source: `ValidateLimitResponse / ValidatePriorityLevelQueuingConfiguration (${SRC})`,
  },
});

/** `ValidateNonResourceURLPath` (pkg/apis/rbac/validation via flowcontrol). */
function nonResourceUrlError(path: string): string | undefined {
  if (path.length === 0) {
    return 'must not be empty';
  }
  if (path === '/') {
    return undefined;
  }
  if (!path.startsWith('/')) {
    return 'must start with slash';
  }
  if (path.includes(' ')) {
    return 'must not contain white-space';
  }
  if (path.includes('//')) {
    return 'must not contain double slash';
  }
  const wildcards = path.split('*').length - 1;
  if (wildcards > 1 || (wildcards === 1 && !path.endsWith('/*'))) {
    return 'wildcard can only do suffix glob matching';
  }
  return undefined;
}

function wildcardList(r: DocReporter, list: unknown[], p: string, what: string, requiredMsg: string): boolean {
  if (list.length === 0) {
    r.add('FS-RULES', p, `Required value: ${requiredMsg}`);
    return false;
  }
  if (list.includes('*') && list.length > 1) {
    r.add('FS-RULES', p, `Invalid value: ${goStrings(list)}: if '*' is present, must not specify other ${what}`);
    return false;
  }
  return !list.includes('*');
}

function subject(r: DocReporter, s: Record<string, any>, p: string): void {
  const kind = str(s.kind) ?? '';
  const members: Record<string, string> = { ServiceAccount: 'serviceAccount', User: 'user', Group: 'group' };
  if (!hasOwn(members, kind)) {
    r.add('FS-SUBJECT', child(p, 'kind'), notSupported(kind, ['Group', 'ServiceAccount', 'User']));
    return;
  }
  for (const [k, field] of Object.entries(members)) {
    if (k !== kind && isObj(s[field])) {
      r.add('FS-SUBJECT', child(p, field), `Forbidden: ${field} is forbidden when subject kind is not '${k}'`);
    }
  }
  const member = s[members[kind]];
  const mp = child(p, members[kind]);
  if (!isObj(member)) {
    r.add('FS-SUBJECT', mp, `Required value: ${members[kind]} is required when subject kind is '${kind}'`);
    return;
  }
  const name = str(member.name) ?? '';
  if (name.length === 0) {
    r.add('FS-SUBJECT', child(mp, 'name'), 'Required value');
  } else if (kind === 'ServiceAccount' && name !== '*') {
    for (const msg of dns1123SubdomainErrors(name)) {
      r.add('FS-SUBJECT', child(mp, 'name'), `Invalid value: ${q(name)}: ${msg}`);
    }
  }
  if (kind === 'ServiceAccount') {
    const ns = str(member.namespace) ?? '';
    if (ns.length === 0) {
      r.add('FS-SUBJECT', child(mp, 'namespace'), 'Required value: must specify namespace for service account');
    } else {
      for (const msg of dns1123LabelErrors(ns)) {
        r.add('FS-SUBJECT', child(mp, 'namespace'), `Invalid value: ${q(ns)}: ${msg}`);
      }
    }
  }
}

function policyRule(r: DocReporter, rule: Record<string, any>, p: string): void {
  const subjects = arr(rule.subjects);
  if (subjects.length === 0) {
    r.add('FS-RULES', child(p, 'subjects'), 'Required value: subjects must contain at least one value');
  }
  subjects.forEach((s, i) => isObj(s) && subject(r, s, index(child(p, 'subjects'), i)));
  const resourceRules = arr(rule.resourceRules);
  const nonResourceRules = arr(rule.nonResourceRules);
  if (resourceRules.length === 0 && nonResourceRules.length === 0) {
    r.add('FS-RULES', p, 'Required value: at least one of resourceRules and nonResourceRules has to be non-empty');
  }
  resourceRules.forEach((rr, i) => {
    if (!isObj(rr)) {
      return;
    }
    const rp = index(child(p, 'resourceRules'), i);
    wildcardList(r, arr(rr.verbs), child(rp, 'verbs'), 'verbs', 'verbs must contain at least one value');
    wildcardList(r, arr(rr.apiGroups), child(rp, 'apiGroups'), 'api groups', 'resource rules must supply at least one api group');
    wildcardList(r, arr(rr.resources), child(rp, 'resources'), 'resources', 'resource rules must supply at least one resource');
    const namespaces = arr(rr.namespaces);
    const np = child(rp, 'namespaces');
    if (namespaces.length === 0 && rr.clusterScope !== true) {
      r.add('FS-RULES', np, 'Required value: resource rules that are not cluster scoped must supply at least one namespace');
    } else if (namespaces.includes('*')) {
      if (namespaces.length > 1) {
        r.add('FS-RULES', np, `Invalid value: ${goStrings(namespaces)}: if '*' is present, must not specify other namespaces`);
      }
    } else {
      namespaces.forEach((ns, j) => {
        if (typeof ns === 'string') {
          for (const msg of dns1123LabelErrors(ns)) {
            r.add('FS-RULES', index(np, j), `Invalid value: ${q(ns)}: each member of this list must be '*' or a DNS-1123 label; ${msg}`);
          }
        }
      });
    }
  });
  nonResourceRules.forEach((nr, i) => {
    if (!isObj(nr)) {
      return;
    }
    const rp = index(child(p, 'nonResourceRules'), i);
    wildcardList(r, arr(nr.verbs), child(rp, 'verbs'), 'verbs', 'verbs must contain at least one value');
    const urls = arr(nr.nonResourceURLs);
    if (wildcardList(r, urls, child(rp, 'nonResourceURLs'), 'non-resource URLs', 'nonResourceURLs must contain at least one value')) {
      urls.forEach((u, j) => {
        const err = typeof u === 'string' ? nonResourceUrlError(u) : undefined;
        if (err) {
          r.add('FS-RULES', index(child(rp, 'nonResourceURLs'), j), `Invalid value: ${q(u)}: ${err}`);
        }
      });
    }
  });
}

function flowSchema(r: DocReporter, m: any): void {
  if (!servedAs(m, ...VERSIONS)) {
    return;
  }
  const spec = obj(m.spec);
  const name = str(obj(m.metadata).name) ?? '';
  const prec = spec.matchingPrecedence;
  if (typeof prec === 'number') {
    const pp = 'spec.matchingPrecedence';
    if (prec < 0) {
      r.add('FS-PRECEDENCE', pp, `Invalid value: ${prec}: must be a positive value`);
    } else if (prec > 10000) {
      r.add('FS-PRECEDENCE', pp, `Invalid value: ${prec}: must not be greater than 10000`);
    } else if (prec === 1 && name !== 'exempt') {
      r.add('FS-PRECEDENCE', pp, `Invalid value: ${prec}: only the schema named 'exempt' may have matchingPrecedence 1`);
    }
  }
  const dm = spec.distinguisherMethod;
  if (isObj(dm) && typeof dm.type === 'string' && dm.type !== 'ByUser' && dm.type !== 'ByNamespace') {
    r.add('FS-DISTINGUISHER', 'spec.distinguisherMethod.type', notSupported(dm.type, ['ByNamespace', 'ByUser']));
  }
  const pl = str(obj(spec.priorityLevelConfiguration).name) ?? '';
  if (pl.length === 0) {
    r.add('FS-PRIORITY-LEVEL', 'spec.priorityLevelConfiguration.name', 'Required value: must reference a priority level');
  } else {
    for (const msg of dns1123SubdomainErrors(pl)) {
      r.add('FS-PRIORITY-LEVEL', 'spec.priorityLevelConfiguration.name', `Invalid value: ${q(pl)}: ${msg}`);
    }
  }
  arr(spec.rules).forEach((rule, i) => isObj(rule) && policyRule(r, rule, index('spec.rules', i)));
}

function queuing(r: DocReporter, qc: Record<string, any>, p: string): void {
  const num = (v: unknown, dflt: number) => (typeof v === 'number' ? (v === 0 ? dflt : v) : dflt);
  const queueLengthLimit = num(qc.queueLengthLimit, 50);
  const queues = num(qc.queues, 64);
  const handSize = num(qc.handSize, 8);
  if (queueLengthLimit <= 0) {
    r.add('PLC-QUEUING', child(p, 'queueLengthLimit'), `Invalid value: ${queueLengthLimit}: must be positive`);
  }
  if (queues <= 0) {
    r.add('PLC-QUEUING', child(p, 'queues'), `Invalid value: ${queues}: must be positive`);
  } else if (queues > 10_000_000) {
    r.add('PLC-QUEUING', child(p, 'queues'), `Invalid value: ${queues}: must not be greater than 10000000`);
  } else if (queues > 1 && handSize > queues) {
    r.add('PLC-QUEUING', child(p, 'handSize'), `Invalid value: ${handSize}: should not be greater than queues (${queues})`);
  }
}

function priorityLevel(r: DocReporter, m: any): void {
  if (!servedAs(m, ...VERSIONS)) {
    return;
  }
  const spec = obj(m.spec);
  const name = str(obj(m.metadata).name) ?? '';
  const type = str(spec.type) ?? '';
  if (type !== 'Exempt' && type !== 'Limited') {
    // a missing type is SCHEMA-REQUIRED, an unknown one is reported here
    if (type !== '') {
      r.add('PLC-TYPE', 'spec.type', notSupported(type, ['Exempt', 'Limited']));
    }
    return;
  }
  if ((name === 'exempt') !== (type === 'Exempt')) {
    r.add('PLC-TYPE', 'spec.type', `Invalid value: ${q(type)}: type must be 'Exempt' if and only if name is 'exempt'`);
  }
  if (type === 'Exempt') {
    if (isObj(spec.limited)) {
      r.add('PLC-TYPE', 'spec.limited', 'Forbidden: must be nil if the type is not Limited');
    }
    return;
  }
  if (!isObj(spec.limited)) {
    r.add('PLC-LIMITED', 'spec.limited', 'Required value: must not be empty when type is Limited');
    return;
  }
  const lim = spec.limited;
  const sharesField = m.apiVersion.endsWith('/v1beta3') ? 'nominalConcurrencyShares' : 'assuredConcurrencyShares';
  const shares = lim[sharesField];
  if (typeof shares === 'number' && shares < 0) {
    r.add('PLC-LIMITED', child('spec.limited', sharesField), `Invalid value: ${shares}: must be positive`);
  }
  if (typeof lim.lendablePercent === 'number' && (lim.lendablePercent < 0 || lim.lendablePercent > 100)) {
    r.add('PLC-LIMITED', 'spec.limited.lendablePercent', `Invalid value: ${lim.lendablePercent}: must be between 0 and 100, inclusive`);
  }
  if (typeof lim.borrowingLimitPercent === 'number' && lim.borrowingLimitPercent < 0) {
    r.add('PLC-LIMITED', 'spec.limited.borrowingLimitPercent', `Invalid value: ${lim.borrowingLimitPercent}: if specified, must be a non-negative integer`);
  }
  const lr = obj(lim.limitResponse);
  const lrType = str(lr.type) ?? '';
  const lp = 'spec.limited.limitResponse';
  if (lrType === 'Reject') {
    if (isObj(lr.queuing)) {
      r.add('PLC-QUEUING', child(lp, 'queuing'), 'Forbidden: must be nil if limited.limitResponse.type is not Limited');
    }
  } else if (lrType === 'Queue') {
    if (!isObj(lr.queuing)) {
      r.add('PLC-QUEUING', child(lp, 'queuing'), 'Required value: must not be empty if limited.limitResponse.type is Limited');
    } else {
      queuing(r, lr.queuing, child(lp, 'queuing'));
    }
  } else {
    r.add('PLC-LIMITED', child(lp, 'type'), notSupported(lrType, ['Queue', 'Reject']));
  }
}

export const FLOWCONTROL_MODULE = {
  name: 'flowcontrol',
  title: 'FlowSchema and PriorityLevelConfiguration (flowcontrol.apiserver.k8s.io/v1beta3, v1beta2)',
  rules: RULES,
  checks: [
    { kinds: ['FlowSchema'], check: flowSchema },
    { kinds: ['PriorityLevelConfiguration'], check: priorityLevel },
  ],
} satisfies RuleModule;
