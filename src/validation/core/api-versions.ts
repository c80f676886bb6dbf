/**
 * Which API group/versions a Kubernetes 1.27 API server serves (layer-neutral facts, no state).
 */

/**
 * The built-in group/versions a 1.27 API server serves by default (GA plus the beta APIs that are
 * on by default). kubernetes-models also ships schemas of versions removed long ago
 * (`extensions/v1beta1` Deployments, `batch/v1beta1` CronJobs...), which 1.27 rejects with
 * `no matches for kind "<Kind>" in version "<apiVersion>"`.
 */
export const SERVED_1_27: ReadonlySet<string> = new Set(['v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'autoscaling/v2', 'policy/v1',
  'networking.k8s.io/v1', 'storage.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'coordination.k8s.io/v1',
  'discovery.k8s.io/v1', 'events.k8s.io/v1', 'node.k8s.io/v1', 'certificates.k8s.io/v1', 'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1', 'authentication.k8s.io/v1', 'authorization.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3']);

/** Where common kinds live in 1.27 (for the fix hint of a removed apiVersion). */
const CURRENT_VERSION: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  CronJob: 'batch/v1',
  Job: 'batch/v1',
  Ingress: 'networking.k8s.io/v1',
  IngressClass: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  StorageClass: 'storage.k8s.io/v1',
  CSIDriver: 'storage.k8s.io/v1',
  PriorityClass: 'scheduling.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  CustomResourceDefinition: 'apiextensions.k8s.io/v1',
  EndpointSlice: 'discovery.k8s.io/v1',
  RuntimeClass: 'node.k8s.io/v1',
};

/**
 * The dotted groups Kubernetes itself has ever served (GA, beta, alpha or since removed). Every
 * other dotted group belongs to a CustomResourceDefinition or an aggregated API, even under
 * `*.k8s.io` (Gateway API's `gateway.networking.k8s.io`, `snapshot.storage.k8s.io`,
 * `metrics.k8s.io`...). Groups without a dot (`apps`, `batch`, `extensions`...) are all built in:
 * a CRD's group must contain a dot.
 */
const BUILT_IN_DOTTED_GROUPS: ReadonlySet<string> = new Set(['admissionregistration.k8s.io', 'apiextensions.k8s.io',
  'apiregistration.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io',
  'discovery.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'imagepolicy.k8s.io', 'internal.apiserver.k8s.io',
  'networking.k8s.io', 'node.k8s.io', 'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io',
  'settings.k8s.io', 'storage.k8s.io', 'auditregistration.k8s.io']);

/** True for an apiVersion of a built-in (not custom) API group. */
export function isBuiltInGroup(apiVersion: string): boolean {
  const parts = apiVersion.split('/');
  return parts.length === 1 || !parts[0].includes('.') || BUILT_IN_DOTTED_GROUPS.has(parts[0]);
}

/**
 * For a built-in group/version that a 1.27 API server does not serve: the kubectl error and a fix.
 * Undefined when the version is served (or the group is a custom one).
 */
export function removedApiVersion(apiVersion: string, kind: string): { message: string; fix: string } | undefined {
  if (SERVED_1_27.has(apiVersion) || !isBuiltInGroup(apiVersion)) {
    return undefined;
  }
  const current = Object.prototype.hasOwnProperty.call(CURRENT_VERSION, kind) ? CURRENT_VERSION[kind] : undefined;
  return {
    message: `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}: Kubernetes 1.27 does not serve ${apiVersion}`,
    fix: current ? `use apiVersion: ${current}` : 'use an apiVersion that Kubernetes 1.27 serves (kubectl api-versions)',
  };
}
