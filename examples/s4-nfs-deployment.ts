/**
 * S4: an NFS volume in a Deployment.
 *
 * Shows `NfsVolume`: Deployment `nginx` (selector `app: nginx`) whose container `nginx` mounts the
 * inline NFS volume `data` (server 192.168.142.139, export /data/nfs) at `/data`. The server must be a
 * hostname or IP address and the export path absolute; `nfs.toPersistentVolume(...)` would turn the
 * same export into a PersistentVolume with its bound claim.
 *
 * Prerequisites in a real cluster: an NFS server exporting `/data/nfs` to the nodes, and an NFS client
 * on every node (`nfs-common` on Debian/Ubuntu, `nfs-utils` on RHEL); otherwise the pod stays in
 * ContainerCreating with a mount error.
 *
 * Run: `npx ts-node examples/s4-nfs-deployment.ts` (or `npm run examples`; writes examples/dist/s4-nfs-deployment/nfs-deployment.k8s.yaml).
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { runExample } from './harness';
import { ContainerDefaults } from '../src/pods';
import { NfsVolume } from '../src/storage';

export function build(app: App): void {
  const chart = new Chart(app, 'nfs-deployment');

  const data = new NfsVolume(chart, 'data', {
    server: '192.168.142.139',
    path: '/data/nfs',
  });

  const deployment = new kplus.Deployment(chart, 'nginx', {
    metadata: { name: 'nginx' },
    replicas: 1,
    select: false,
    podMetadata: { labels: { app: 'nginx' } },
    securityContext: ContainerDefaults.podSecurityContext(),
  });
  deployment.select(kplus.LabelSelector.of({ labels: { app: 'nginx' } }));
  const web = deployment.addContainer(ContainerDefaults.apply({
    name: 'nginx',
    image: 'docker.io/library/nginx:1.27',
    portNumber: 80,
  }));
  web.mount('/data', data);
}

if (require.main === module) {
  runExample(__filename);
}
