/**
 * Kind sets and where a manifest keeps its pod template: facts about the Kubernetes 1.27 API that
 * every layer needs (layer-neutral, no state).
 */
import { isBuiltInGroup } from './api-versions';
import { isObj, obj } from './json';

/**
 * The built-in kinds a 1.27 API server serves as cluster-scoped (`kubectl api-resources --namespaced=false`
 * of a 1.27 cluster with default feature gates, plus the alpha kinds that exist in 1.27 behind gates).
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterCIDR', 'ClusterRole', 'ClusterRoleBinding', 'ClusterTrustBundle',
  'ComponentStatus', 'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'IPAddress',
  'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PriorityClass', 'PriorityLevelConfiguration',
  'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectReview', 'SelfSubjectRulesReview', 'StorageClass',
  'SubjectAccessReview', 'TokenReview', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

/** Kinds with a pod template at `spec.template`. */
export const TEMPLATE_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** Kinds whose pods run forever (restartPolicy Always only). */
export const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

/** Where the pod spec of a manifest is, and what the pods made from it get besides the template. */
export interface PodSpecRef {
  /** The pod spec (a Pod's `spec`, or a template's `spec`). */
  readonly spec: Record<string, any>;
  /** Its field path, e.g. `spec.template.spec`. */
  readonly path: string;
  /** The labels of the pod (or of the template). */
  readonly labels: Record<string, any>;
  /** True for a Pod; false for a template the controller makes pods from. */
  readonly isPod: boolean;
  /**
   * Volume names the controller adds to every pod it creates: a StatefulSet's `volumeClaimTemplates`
   * (each becomes a `persistentVolumeClaim` volume of that name). Empty for everything else.
   */
  readonly addedVolumes: readonly string[];
}

/** The pod spec and its path inside a manifest, or undefined for kinds without one (pure: no caching). */
export function locatePodSpec(m: unknown): PodSpecRef | undefined {
  if (!isObj(m) || typeof m.apiVersion !== 'string' || !isBuiltInGroup(m.apiVersion)) {
    return undefined; // a custom resource's "Deployment" is not a Deployment
  }
  if (m.kind === 'Pod') {
    return isObj(m.spec) ? { spec: m.spec, path: 'spec', labels: obj(obj(m.metadata).labels), isPod: true, addedVolumes: [] } : undefined;
  }
  if (TEMPLATE_KINDS.has(m.kind)) {
    const tpl = obj(obj(m.spec).template);
    if (!isObj(tpl.spec)) {
      return undefined;
    }
    const addedVolumes = m.kind === 'StatefulSet' ? claimTemplateNames(m) : [];
    return { spec: tpl.spec, path: 'spec.template.spec', labels: obj(obj(tpl.metadata).labels), isPod: false, addedVolumes };
  }
  if (m.kind === 'CronJob') {
    const tpl = obj(obj(obj(obj(m.spec).jobTemplate).spec).template);
    return isObj(tpl.spec)
      ? { spec: tpl.spec, path: 'spec.jobTemplate.spec.template.spec', labels: obj(obj(tpl.metadata).labels), isPod: false, addedVolumes: [] }
      : undefined;
  }
  return undefined;
}

/** The names of a StatefulSet's volumeClaimTemplates (the volumes its controller adds to each pod). */
function claimTemplateNames(m: Record<string, any>): string[] {
  const list = obj(m.spec).volumeClaimTemplates;
  if (!Array.isArray(list)) {
    return [];
  }
  return list.map((t) => obj(obj(t).metadata).name).filter((n): n is string => typeof n === 'string' && n !== '');
}
