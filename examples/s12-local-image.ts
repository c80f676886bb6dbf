/**
 * S12: an image that exists only on the nodes.
 *
 * The image was built locally and loaded into every node, e.g.
 * `kind load docker-image local:centos8-ssh`, and runs in namespace `studio` as
 * `docker.io/library/local:centos8-ssh`. It is on no registry, so pull policy Always would fail
 * with ErrImagePull: `ImageReference.local()` gives IfNotPresent (or Never on request) and
 * `ImageRules` reject Always for it at synth.
 *
 * Prerequisites in a real cluster: the image loaded on every node that may run the pod
 * (`kind load docker-image local:centos8-ssh --name <cluster>`), and namespace `studio`
 * (created here).
 * Run: `npx ts-node examples/s12-local-image.ts` (or `npm run examples`), then `kubectl apply -f examples/dist/s12-local-image/`.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerDefaults, ImageReference, ImageRules } from '../src';
import { runExample } from './harness';

export function build(app: App): void {
  const chart = new Chart(app, 'local-image');

  new kplus.Namespace(chart, 'studio', { metadata: { name: 'studio' } });

  const image = ImageReference.local('docker.io/library/local:centos8-ssh');

  const pod = new kplus.Pod(chart, 'centos8-ssh', {
    metadata: { name: 'centos8-ssh', namespace: 'studio' },
    securityContext: ContainerDefaults.podSecurityContext(),
  });
  pod.addContainer(ContainerDefaults.apply({
    name: 'centos8-ssh',
    image: image.toString(),
    imagePullPolicy: image.defaultPullPolicy,
    command: ['/usr/sbin/sshd', '-D'],
    ports: [{ number: 22, name: 'ssh' }],
  }));
  ImageRules.enforce(pod, { localImages: [image] });
}

if (require.main === module) {
  runExample(__filename);
}
