/**
 * Role, ClusterRole, RoleBinding and ClusterRoleBinding (rbac.authorization.k8s.io/v1) as the 1.27
 * API server validates them on create: `ValidateRole`, `ValidateClusterRole`, `ValidatePolicyRule`,
 * `ValidateRoleBinding`, `ValidateClusterRoleBinding`, `ValidateRoleBindingSubject`
 * (pkg/apis/rbac/validation, release-1.27), after the rbac/v1 defaults (`roleRef.apiGroup` and a
 * User/Group subject's `apiGroup` default to rbac.authorization.k8s.io, a ServiceAccount's to "").
 * Object names are the metadata rules' (`ValidateRBACName`).
 */
import { pathSegmentNameErrors } from '../../private/k8s-more';
import { dns1123SubdomainErrors } from '../../private/k8s-names';
import { arr, child, index, isObj, isSet, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { KindCheck } from './module';
import type { DocReporter } from '../report';
import { labelSelector } from './api-common';
import { servedAs } from './builtin-helpers';

const E = Severity.ERROR;
const SRC = '(pkg/apis/rbac/validation, release-1.27)';
const GROUP = 'rbac.authorization.k8s.io';

export const RULES = defineRules({
  'RBAC-RULE-VERBS': { layer: 'api', severity: E, summary: 'Role/ClusterRole rule without verbs', fix: 'list the verbs the rule allows, e.g. [get, list, watch]', source: `ValidatePolicyRule ${SRC}` },
  'RBAC-RULE-RESOURCES': { layer: 'api', severity: E, summary: 'Role/ClusterRole resource rule without apiGroups or without resources', fix: 'list apiGroups ("" for the core group) and resources, e.g. apiGroups: [""], resources: [pods]', source: `ValidatePolicyRule ${SRC}` },
  'RBAC-RULE-NONRESOURCE': { layer: 'api', severity: E, summary: 'nonResourceURLs in a namespaced Role, or in a rule that also names apiGroups/resources/resourceNames', fix: 'put nonResourceURLs in a ClusterRole rule of their own (verbs only)', source: `ValidatePolicyRule ${SRC}` },
  'RBAC-AGGREGATION': { layer: 'api', severity: E, summary: 'ClusterRole aggregationRule without clusterRoleSelectors, or with an invalid selector', fix: 'give aggregationRule.clusterRoleSelectors at least one valid label selector', source: `ValidateClusterRole ${SRC}` },
  'RBAC-ROLEREF': { layer: 'api', severity: E, summary: 'binding roleRef with an apiGroup other than rbac.authorization.k8s.io, a kind other than Role/ClusterRole (ClusterRole only for a ClusterRoleBinding), or a missing/invalid name', fix: 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role|ClusterRole, name: <role>}', source: `ValidateRoleBinding, ValidateClusterRoleBinding ${SRC}` },
  'RBAC-SUBJECT': { layer: 'api', severity: E, summary: 'binding subject with an unsupported kind, no name, an invalid ServiceAccount name, a wrong apiGroup, or (ClusterRoleBinding) a ServiceAccount without namespace', fix: 'subjects are {kind: ServiceAccount, name, namespace} or {kind: User|Group, name, apiGroup: rbac.authorization.k8s.io}', source: `ValidateRoleBindingSubject ${SRC}` },
});

function policyRule(r: DocReporter, rule: Record<string, any>, namespaced: boolean, p: string): void {
  if (arr(rule.verbs).length === 0) {
    r.add('RBAC-RULE-VERBS', child(p, 'verbs'), 'Required value: verbs must contain at least one value');
  }
  const urls = arr(rule.nonResourceURLs);
  if (urls.length > 0) {
    const shown = `[]string{${urls.map((u) => q(u)).join(', ')}}`;
    if (namespaced) {
      r.add('RBAC-RULE-NONRESOURCE', child(p, 'nonResourceURLs'), `Invalid value: ${shown}: namespaced rules cannot apply to non-resource URLs`,
        'a Role cannot grant non-resource URLs: move the rule to a ClusterRole (bound with a ClusterRoleBinding)');
    }
    if (arr(rule.apiGroups).length > 0 || arr(rule.resources).length > 0 || arr(rule.resourceNames).length > 0) {
      r.add('RBAC-RULE-NONRESOURCE', child(p, 'nonResourceURLs'), `Invalid value: ${shown}: rules cannot apply to both regular resources and non-resource URLs`,
        'split the rule in two: one with apiGroups/resources, one with nonResourceURLs');
    }
    return;
  }
  if (arr(rule.apiGroups).length === 0) {
    r.add('RBAC-RULE-RESOURCES', child(p, 'apiGroups'), 'Required value: resource rules must supply at least one api group',
      'add apiGroups: [""] for core resources (pods, services, configmaps…), or the resources\' group');
  }
  if (arr(rule.resources).length === 0) {
    r.add('RBAC-RULE-RESOURCES', child(p, 'resources'), 'Required value: resource rules must supply at least one resource');
  }
}

function role(r: DocReporter, m: any): void {
  if (!servedAs(m, 'rbac.authorization.k8s.io/v1')) {
    return;
  }
  const namespaced = m.kind === 'Role';
  arr(m.rules).forEach((rule, i) => {
    if (isObj(rule)) {
      policyRule(r, rule, namespaced, index('rules', i));
    }
  });
  if (namespaced || !isSet(m.aggregationRule) || !isObj(m.aggregationRule)) {
    return;
  }
  const selectors = arr(m.aggregationRule.clusterRoleSelectors);
  if (selectors.length === 0) {
    r.add('RBAC-AGGREGATION', 'aggregationRule.clusterRoleSelectors', 'Required value: at least one clusterRoleSelector required if aggregationRule is non-nil');
  }
  selectors.forEach((s, i) => {
    labelSelector(r, s, index('aggregationRule.clusterRoleSelectors', i), 'RBAC-AGGREGATION');
  });
}

function subject(r: DocReporter, s: Record<string, any>, namespaced: boolean, p: string): void {
  const name = str(s.name) ?? '';
  if (name === '' && (!isSet(s.name) || s.name === '')) {
    r.add('RBAC-SUBJECT', child(p, 'name'), 'Required value');
  }
  const kind = s.kind;
  if (typeof kind !== 'string' && isSet(kind)) {
    return; // a type error: the schema layer's
  }
  const apiGroup = str(s.apiGroup) ?? '';
  switch (kind) {
    case 'ServiceAccount':
      for (const e of name === '' ? [] : dns1123SubdomainErrors(name)) {
        r.add('RBAC-SUBJECT', child(p, 'name'), `Invalid value: ${q(name)}: ${e}`);
      }
      if (apiGroup !== '') {
        r.add('RBAC-SUBJECT', child(p, 'apiGroup'), `Unsupported value: ${q(apiGroup)}: supported values: ""`, 'remove apiGroup from a ServiceAccount subject');
      }
      if (!namespaced && (str(s.namespace) ?? '') === '') {
        r.add('RBAC-SUBJECT', child(p, 'namespace'), 'Required value', 'a ClusterRoleBinding must name the ServiceAccount\'s namespace');
      }
      break;
    case 'User':
    case 'Group':
      // rbac/v1 defaults an empty apiGroup to rbac.authorization.k8s.io for these kinds
      if (apiGroup !== '' && apiGroup !== GROUP) {
        r.add('RBAC-SUBJECT', child(p, 'apiGroup'), `Unsupported value: ${q(apiGroup)}: supported values: "${GROUP}"`);
      }
      break;
    default:
      r.add('RBAC-SUBJECT', child(p, 'kind'), `Unsupported value: ${q(kind ?? '')}: supported values: "ServiceAccount", "User", "Group"`,
        'use kind ServiceAccount, User or Group (case-sensitive)');
  }
}

function binding(r: DocReporter, m: any): void {
  if (!servedAs(m, 'rbac.authorization.k8s.io/v1')) {
    return;
  }
  const namespaced = m.kind === 'RoleBinding';
  const ref = isObj(m.roleRef) ? m.roleRef : {};
  const apiGroup = str(ref.apiGroup) ?? '';
  if (apiGroup !== '' && apiGroup !== GROUP) {
    r.add('RBAC-ROLEREF', 'roleRef.apiGroup', `Unsupported value: ${q(apiGroup)}: supported values: "${GROUP}"`);
  }
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (typeof ref.kind === 'string' || !isSet(ref.kind)) {
    const kind = str(ref.kind) ?? '';
    if (!kinds.includes(kind)) {
      r.add('RBAC-ROLEREF', 'roleRef.kind', `Unsupported value: ${q(kind)}: supported values: ${kinds.map((k) => q(k)).join(', ')}`,
        namespaced ? 'use kind Role or ClusterRole' : 'a ClusterRoleBinding can only bind a ClusterRole (bind a Role with a RoleBinding)');
    }
  }
  const name = ref.name;
  if (!isSet(name) || name === '') {
    r.add('RBAC-ROLEREF', 'roleRef.name', 'Required value');
  } else if (typeof name === 'string') {
    for (const e of pathSegmentNameErrors(name)) {
      r.add('RBAC-ROLEREF', 'roleRef.name', `Invalid value: ${q(name)}: ${e}`);
    }
  }
  arr(m.subjects).forEach((s, i) => {
    if (isObj(s)) {
      subject(r, s, namespaced, index('subjects', i));
    }
  });
}

const CHECKS: readonly KindCheck[] = [
  { kinds: ['Role', 'ClusterRole'], check: role },
  { kinds: ['RoleBinding', 'ClusterRoleBinding'], check: binding },
];

/** The RBAC rules. */
export const RBAC_MODULE = {
  name: 'rbac',
  title: 'Role, ClusterRole, RoleBinding, ClusterRoleBinding (ValidateRole, ValidateClusterRole, ValidateRoleBinding, ValidateClusterRoleBinding)',
  rules: RULES,
  checks: CHECKS,
} as const;
