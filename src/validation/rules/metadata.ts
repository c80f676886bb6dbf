/**
 * Object metadata (`ValidateObjectMeta`): the name rule of each kind, namespace, labels,
 * annotations, finalizers. Runs for every kind.
 */
import { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors } from '../../private/k8s-names';
import { isBuiltInGroup } from '../core/api-versions';
import { arr, index, obj, q, str } from '../core/json';
import { CLUSTER_SCOPED_KINDS } from '../core/kinds';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { annotations, labels, nameErrors } from './api-common';
import type { RuleId } from './catalog';
import type { RuleModule } from './module';
import { pathSegmentNameErrors } from '../../private/k8s-more';

const E = Severity.ERROR;
const AM = 'k8s.io/apimachinery/pkg/api/validation, release-1.27';
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'META-NAME-REQUIRED': { layer: 'api', severity: E, summary: 'metadata.name and generateName both empty', fix: 'set metadata.name', source: `ValidateObjectMeta (${AM})` },
  'META-NAME-SUBDOMAIN': { layer: 'api', severity: E, summary: 'name is not a DNS-1123 subdomain (the rule of most built-in kinds: Pod, workloads, ConfigMap, Secret, PV, PVC, StorageClass, Ingress, PriorityClass, CRD, ...)', fix: 'use lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit', source: `NameIsDNSSubdomain, passed to ValidateObjectMeta by most kinds (${AM})` },
  'META-NAME-DNS1035': { layer: 'api', severity: E, summary: 'Service name is not a DNS-1035 label', fix: 'start the name with a letter; use lower-case letters, digits and \'-\'', source: `ValidateServiceName = NameIsDNS1035Label (${V})` },
  'META-NAME-DNS1123LABEL': { layer: 'api', severity: E, summary: 'Namespace name is not a DNS-1123 label', fix: 'use lower-case letters, digits and \'-\' (no dots)', source: `ValidateNamespaceName = NameIsDNSLabel (${AM})` },
  'META-NAME-PATHSEGMENT': { layer: 'api', severity: E, summary: 'name of a Role, ClusterRole, RoleBinding, ClusterRoleBinding, APIService or custom resource is \'.\' or \'..\', or contains \'/\' or \'%\' (these kinds allow e.g. \'system:metrics-server\')', fix: 'remove \'/\' and \'%\' from the name', source: 'ValidateRBACName = path.IsValidPathSegmentName (pkg/apis/rbac/validation, release-1.27); ValidateAPIService (kube-aggregator)' },
  'META-NAMESPACE': { layer: 'api', severity: E, summary: 'metadata.namespace is not a DNS-1123 label', fix: 'use a valid namespace name', source: `ValidateObjectMeta: ValidateNamespaceName (${AM})` },
  'META-LABEL-KEY': { layer: 'api', severity: E, summary: 'label key is not a qualified name', fix: 'use [prefix/]name with name ≤ 63 characters of letters, digits, \'-\', \'_\', \'.\' (prefix a DNS subdomain)', source: 'ValidateLabels (k8s.io/apimachinery/pkg/apis/meta/v1/validation, release-1.27)' },
  'META-LABEL-VALUE': { layer: 'api', severity: E, summary: 'label value longer than 63 characters or with bad characters', fix: 'use at most 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit (or an empty value)', source: 'ValidateLabels (k8s.io/apimachinery/pkg/apis/meta/v1/validation, release-1.27)' },
  'META-ANNOTATION-KEY': { layer: 'api', severity: E, summary: 'annotation key is not a qualified name', fix: 'use [prefix/]name with name ≤ 63 characters of letters, digits, \'-\', \'_\', \'.\'', source: `ValidateAnnotations (${AM})` },
  'META-ANNOTATION-SIZE': { layer: 'api', severity: E, summary: 'annotations larger than 256 KiB in total', fix: 'move large data to a ConfigMap; keep annotations under 256 KiB', source: `ValidateAnnotationsSize (${AM})` },
  'META-FINALIZER': { layer: 'api', severity: E, summary: 'finalizer that is neither standard nor a qualified name with a prefix', fix: 'use a domain-qualified finalizer such as example.com/cleanup', source: `ValidateFinalizerName (${AM})` },
});

interface NameRule {
  readonly rule: RuleId;
  readonly errors: (name: string) => string[];
}

const SUBDOMAIN: NameRule = { rule: 'META-NAME-SUBDOMAIN', errors: dns1123SubdomainErrors };
const PATH_SEGMENT: NameRule = { rule: 'META-NAME-PATHSEGMENT', errors: pathSegmentNameErrors };

/**
 * The name function each kind passes to `ValidateObjectMeta` in 1.27, where it is not
 * `NameIsDNSSubdomain`. Every other built-in kind uses NameIsDNSSubdomain, under its own alias
 * (`ValidatePodName`, `ValidateNodeName`, `ValidateClassName`, `ValidatePersistentVolumeName`,
 * `ValidateFlowSchemaName`, `ValidatePriorityLevelConfigurationName`, events.k8s.io Events, ...).
 */
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  Service: { rule: 'META-NAME-DNS1035', errors: dns1035LabelErrors },
  Namespace: { rule: 'META-NAME-DNS1123LABEL', errors: dns1123LabelErrors },
  Role: PATH_SEGMENT,
  ClusterRole: PATH_SEGMENT,
  RoleBinding: PATH_SEGMENT,
  ClusterRoleBinding: PATH_SEGMENT,
  // ValidateAPIService: IsValidPathSegmentName, then "must be version.group" (not modelled)
  APIService: PATH_SEGMENT,
};

/**
 * The name rule of `m`: per kind for built-in groups; a core/v1 Event's name is not validated
 * (`legacyValidateEvent` returns early "for backwards compatibility"); kinds of other groups
 * (custom resources, aggregated APIs) get the generic registry's `IsValidPathSegmentName` only —
 * a 1.27 CRD-backed resource is also checked as a DNS subdomain by apiextensions-apiserver, which
 * the custom-resource layer can add where the CRD is known.
 */
function nameRuleOf(m: any): NameRule | undefined {
  const apiVersion = str(m.apiVersion) ?? '';
  if (!isBuiltInGroup(apiVersion)) {
    return PATH_SEGMENT;
  }
  if (m.kind === 'Event' && apiVersion === 'v1') {
    return undefined;
  }
  return Object.prototype.hasOwnProperty.call(NAME_RULES, m.kind) ? NAME_RULES[m.kind] : SUBDOMAIN;
}

/** `IsStandardFinalizerName`: kubernetes, orphan, foregroundDeletion. */
const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

function metadata(r: DocReporter, m: any): void {
  const meta = obj(m.metadata);
  const name = str(meta.name) ?? '';
  const generateName = str(meta.generateName) ?? '';
  if (name === '' && generateName === '') {
    r.add('META-NAME-REQUIRED', 'metadata.name', 'Required value: name or generateName is required');
  } else if (name !== '') {
    const rule = nameRuleOf(m);
    for (const e of rule ? nameErrors(r, rule.errors, name) : []) {
      r.add(rule!.rule, 'metadata.name', `Invalid value: ${q(name)}: ${e}`);
    }
  }
  const ns = str(meta.namespace);
  if (ns !== undefined && ns !== '' && !CLUSTER_SCOPED_KINDS.has(m.kind)) {
    for (const e of nameErrors(r, dns1123LabelErrors, ns)) {
      r.add('META-NAMESPACE', 'metadata.namespace', `Invalid value: ${q(ns)}: ${e}`);
    }
  }
  labels(r, meta.labels, 'metadata.labels', 'META-LABEL-KEY', 'META-LABEL-VALUE');
  annotations(r, meta.annotations, 'metadata.annotations');
  arr(meta.finalizers).forEach((f, i) => {
    if (typeof f !== 'string') {
      return;
    }
    const fp = index('metadata.finalizers', i);
    for (const e of nameErrors(r, qualifiedNameErrors, f)) {
      r.add('META-FINALIZER', fp, `Invalid value: ${q(f)}: ${e}`);
    }
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      r.add('META-FINALIZER', fp, `Invalid value: ${q(f)}: name is neither a standard finalizer name nor is it fully qualified`);
    }
  });
}

export const METADATA_MODULE = {
  name: 'metadata',
  title: 'Object metadata of every kind: the kind\'s name rule, namespace, labels, annotations, finalizers',
  rules: RULES,
  checks: [{ kinds: '*', check: metadata }],
} as const satisfies RuleModule;
