/**
 * Where the pod spec is inside a workload's manifest: the one helper every construct that patches
 * a pod spec uses (shareProcessNamespace, imagePullSecrets).
 */
import * as kplus from 'cdk8s-plus-27';

/** The JSON pointer of the pod spec inside the manifest of `workload` (a Pod, a workload with a template, or a CronJob). */
export function podSpecPointer(workload: kplus.AbstractPod): string {
  if (workload instanceof kplus.Pod) {
    return '/spec';
  }
  if (workload instanceof kplus.CronJob) {
    return '/spec/jobTemplate/spec/template/spec';
  }
  return '/spec/template/spec';
}
