/**
 * The pod that `SidecarPod` and `InitGatedPod` create: one code path for both.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { keepMetadataKeys, renderMetadata } from './metadata';
import { ContainerDefaults, SecurityLevel } from '../pods/container-defaults';
import { PatternPodOptions } from '../pods/pattern-pod-options';

/**
 * Creates the `kplus.Pod` (id `Resource`) of a pod construct: metadata through `renderMetadata()`
 * (checked, undefined fields dropped, keys such as `constructor` kept), the pod security context of
 * `securityLevel`, and the pod-level options passed through.
 */
export function newPatternPod(scope: Construct, type: string, id: string, options: PatternPodOptions, securityLevel: SecurityLevel): kplus.Pod {
  const pod = new kplus.Pod(scope, 'Resource', {
    metadata: renderMetadata(type, id, options.metadata),
    restartPolicy: options.restartPolicy,
    serviceAccount: options.serviceAccount,
    dockerRegistryAuth: options.dockerRegistryAuth,
    securityContext: ContainerDefaults.podSecurityContext(securityLevel),
  });
  keepMetadataKeys(ApiObject.of(pod));
  return pod;
}
