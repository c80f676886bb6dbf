/**
 * The pod spec (`ValidatePodSpec`, plus `ValidatePodCreate`'s extras for a Pod), for Pods and for
 * the pod templates of workloads. Volumes and containers are checked by the functions of the
 * volumes and containers modules, called from here in the API server's order.
 */
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../../private/k8s-names';
import { arr, child, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { labels, nameErrors, tolerations } from './api-common';
import { containers } from './containers';
import type { RuleModule } from './module';
import { volumes } from './volumes';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'POD-CONTAINERS-REQUIRED': { layer: 'api', severity: E, summary: 'pod without containers', fix: 'add at least one container', source: `validateContainers (${V})` },
  'POD-RESTARTPOLICY-ENUM': { layer: 'api', severity: E, summary: 'restartPolicy not Always/OnFailure/Never', fix: 'use Always, OnFailure or Never', source: `validateRestartPolicy (${V})` },
  'POD-DNSPOLICY-ENUM': { layer: 'api', severity: E, summary: 'dnsPolicy not ClusterFirstWithHostNet/ClusterFirst/Default/None', fix: 'use ClusterFirst, ClusterFirstWithHostNet, Default or None', source: `validateDNSPolicy (${V})` },
  'POD-SA-NAME': { layer: 'api', severity: E, summary: 'serviceAccountName is not a DNS-1123 subdomain', fix: 'use the name of a ServiceAccount (lower-case letters, digits, \'-\' and \'.\')', source: `ValidatePodSpec: ValidateServiceAccountName (${V})` },
  'POD-HOSTNAME': { layer: 'api', severity: E, summary: 'hostname/subdomain is not a DNS-1123 label', fix: 'use at most 63 lower-case letters, digits and \'-\' (no dots)', source: `ValidatePodSpec: ValidateDNS1123Label (${V})` },
  'POD-NODESELECTOR': { layer: 'api', severity: E, summary: 'nodeSelector key/value is not a valid label', fix: 'use a qualified-name key and a label value (≤ 63 characters)', source: `ValidatePodSpec: ValidateLabels (${V})` },
  'POD-TOLERATIONS': { layer: 'api', severity: E, summary: 'toleration with bad key, operator/value combination, or tolerationSeconds without NoExecute', fix: 'with operator Exists leave value empty; with an empty key use Exists; set tolerationSeconds only with effect NoExecute', source: `ValidateTolerations (${V})` },
  'POD-EPHEMERAL-ON-CREATE': { layer: 'api', severity: E, summary: 'ephemeralContainers set on create or in a template', fix: 'remove ephemeralContainers (they are added with kubectl debug)', source: `ValidatePodCreate / ValidatePodTemplateSpec (${V})` },
});

/** Kinds whose pod spec (or pod template) this module checks. */
const POD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

/**
 * 1.27's API server does not validate a StatefulSet's template as a pod (`ValidateStatefulSetSpec`
 * leaves it to the controller): a template that fails is accepted, and its pods are never created.
 */
function controllerNote(fix: string): string {
  return `${fix} (the API server accepts the StatefulSet, but its controller cannot create pods from this template)`;
}

/**
 * The reporter for pod-spec findings of `m`: for a StatefulSet, fix hints say that it is the pods
 * the controller creates that fail (other modules checking pod specs should report through it).
 */
export function podReporter(r: DocReporter, m: any): DocReporter {
  return m?.kind === 'StatefulSet' ? r.withFixNote(controllerNote) : r;
}

/** `ValidatePodSpec` (+ `ValidatePodCreate` extras when `isPod`); `addedVolumes` are volumes the controller adds. */
function podSpec(r: DocReporter, spec: Record<string, any>, p: string, isPod: boolean, addedVolumes: readonly string[]): void {
  const volumeNames = volumes(r, spec.volumes, child(p, 'volumes'));
  for (const name of addedVolumes) {
    volumeNames.add(name);
  }
  containers(r, spec, p, { isPod, volumeNames, hostNetwork: spec.hostNetwork === true });
  if (arr(spec.ephemeralContainers).length > 0) {
    r.add('POD-EPHEMERAL-ON-CREATE', child(p, 'ephemeralContainers'), 'Forbidden: cannot be set on create');
  }
  const sa = str(spec.serviceAccountName);
  if (sa !== undefined && sa !== '') {
    for (const e of nameErrors(r, dns1123SubdomainErrors, sa)) {
      r.add('POD-SA-NAME', child(p, 'serviceAccountName'), `Invalid value: ${q(sa)}: ${e}`);
    }
  }
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec[f]);
    if (v !== undefined && v !== '') {
      for (const e of nameErrors(r, dns1123LabelErrors, v)) {
        r.add('POD-HOSTNAME', child(p, f), `Invalid value: ${q(v)}: ${e}`);
      }
    }
  }
  labels(r, spec.nodeSelector, child(p, 'nodeSelector'), 'POD-NODESELECTOR', 'POD-NODESELECTOR');
  tolerations(r, spec.tolerations, child(p, 'tolerations'), 'POD-TOLERATIONS');
}

export const POD_SPEC_MODULE = {
  name: 'pod-spec',
  title: 'Pod specs of Pods and of workload templates (volumes and containers are the next two modules)',
  rules: RULES,
  checks: [{
    kinds: POD_KINDS,
    check: (r: DocReporter, m: any) => {
      const ref = r.ctx.podSpecOf(m);
      if (ref) {
        podSpec(podReporter(r, m), ref.spec, ref.path, ref.isPod, ref.addedVolumes);
      }
    },
  }],
} as const satisfies RuleModule;
