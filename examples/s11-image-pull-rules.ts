/**
 * S11: image pull rules and commands that keep running.
 *
 * Pod `image-pull-rules` with two containers, both checked by `ImageRules.enforce()`:
 * - `loop`: busybox pinned to tag 1.36.1 (pull policy IfNotPresent, Kubernetes' default for a
 *   pinned tag), running `sh -c 'while true; do echo SUCCESS; sleep 5; done'`.
 *   **Pitfalls** fixed: `["sh", "while true;do echo SUCCESS;done;"]` without `-c` makes sh look
 *   for a script file of that name ("can't open"), and a plain `echo SUCCESS` exits at once, so
 *   under restart policy Always the pod ends in CrashLoopBackOff. Both are rejected at synth.
 * - `pinned`: the same image pinned by digest, the reproducible form (`name:tag@sha256:<64 hex>`);
 *   the tag stays for readers, the digest decides what is pulled.
 *
 * `nginx` or `nginx:latest` would get pull policy Always; any other tag IfNotPresent; Never
 * only uses images already on the node (see S12).
 *
 * Prerequisites in a real cluster: none (nodes pull docker.io/library/busybox). The digest is
 * the multi-arch index of busybox:1.36.1 on Docker Hub; check it with
 * `docker buildx imagetools inspect busybox:1.36.1` before relying on it.
 * Run: `npx ts-node examples/s11-image-pull-rules.ts` (or `npm run examples`), then `kubectl apply -f examples/dist/s11-image-pull-rules/` and
 * `kubectl logs image-pull-rules -c loop`.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerDefaults, ImageReference, ImageRules } from '../src';
import { runExample } from './harness';

const BUSYBOX = ImageReference.parse('docker.io/library/busybox:1.36.1');
const BUSYBOX_DIGEST = 'sha256:73aaf090f3d85aa34ee199857f03fa3a95c8ede2ffd4cc2cdb5b94e566b11662';

export function build(app: App): void {
  const chart = new Chart(app, 'image-pull-rules');

  const pod = new kplus.Pod(chart, 'image-pull-rules', {
    metadata: { name: 'image-pull-rules' },
    securityContext: ContainerDefaults.podSecurityContext(),
  });

  pod.addContainer(ContainerDefaults.apply({
    name: 'loop',
    image: BUSYBOX.toString(),
    imagePullPolicy: BUSYBOX.defaultPullPolicy,
    command: ['sh', '-c', 'while true; do echo SUCCESS; sleep 5; done'],
  }));

  const pinned = BUSYBOX.withDigest(BUSYBOX_DIGEST);
  pod.addContainer(ContainerDefaults.apply({
    name: 'pinned',
    image: pinned.toString(),
    imagePullPolicy: pinned.defaultPullPolicy,
    command: ['sh', '-c', 'echo pinned by digest && sleep 3600'],
  }));

  ImageRules.enforce(pod);
}

if (require.main === module) {
  runExample(__filename);
}
