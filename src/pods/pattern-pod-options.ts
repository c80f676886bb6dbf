import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';

/**
 * Options of the pod that `SidecarPod` and `InitGatedPod` create (the pod-level settings of
 * `kplus.PodProps` that these constructs pass through).
 */
export interface PatternPodOptions {
  /**
   * Metadata of the pod; set `name` to choose the pod's name.
   *
   * @default - A name derived from the construct path.
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Restart policy of the pod (for `InitGatedPod`, it also applies to a gate that times out).
   *
   * @default kplus.RestartPolicy.ALWAYS
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy
   */
  readonly restartPolicy?: kplus.RestartPolicy;

  /**
   * The service account the pod runs as.
   *
   * @default - The namespace's default service account, with no token mounted.
   */
  readonly serviceAccount?: kplus.IServiceAccount;

  /**
   * A `kubernetes.io/dockerconfigjson` Secret for pulling the images.
   *
   * @default - No pull secret.
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/
   */
  readonly dockerRegistryAuth?: kplus.ISecret;
}
