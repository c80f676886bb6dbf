/**
 * S3: a hostPath volume.
 *
 * Shows `HostPathVolume`: pod `hostpath-pod` whose container `hostpath-container` (nginx) serves the
 * node's directory `/data` (type DirectoryOrCreate) from `/usr/share/nginx/html`. The type is an
 * enum, the path must be absolute without `..`, and the library warns at synth about sensitive
 * host paths (`/etc`, `/var/run/docker.sock`, ...) and about writable host mounts: nginx only
 * reads its html, so the mount is read-only.
 *
 * Prerequisites in a real cluster: none beyond a node; the kubelet creates `/data` (mode 0755) if it
 * is missing. The content is per node: a pod rescheduled elsewhere sees another node's `/data`.
 *
 * Run: `npx ts-node examples/s3-hostpath.ts` (or `npm run examples`; writes examples/dist/s3-hostpath/hostpath.k8s.yaml).
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { runExample } from './harness';
import { ContainerDefaults } from '../src/pods';
import { HostPathVolume } from '../src/storage';

export function build(app: App): void {
  const chart = new Chart(app, 'hostpath');

  const data = new HostPathVolume(chart, 'data', {
    path: '/data',
    type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE,
  });

  const pod = new kplus.Pod(chart, 'hostpath-pod', {
    metadata: { name: 'hostpath-pod' },
    securityContext: ContainerDefaults.podSecurityContext(),
  });
  const web = pod.addContainer(ContainerDefaults.apply({
    name: 'hostpath-container',
    image: 'docker.io/library/nginx:1.27',
    portNumber: 80,
  }));
  web.mount('/usr/share/nginx/html', data, { readOnly: true });
}

if (require.main === module) {
  runExample(__filename);
}
