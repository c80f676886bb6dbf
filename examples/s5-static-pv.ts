/**
 * S5: a static PersistentVolume and the claim that binds to it.
 *
 * Shows `StaticPvWithClaim`: PV `static-pv` (10Gi, ReadWriteOnce, Retain, class `standard`, hostPath
 * `/data/static-pv`) and PVC `static-pvc`, bound in both directions (the PV's claimRef names the claim,
 * the claim's volumeName names the PV), mounted by pod `static-pod` as volume `static-storage`.
 * A claim that does not fit the volume (size, access modes, class) is a synth error instead of a
 * claim that stays Pending forever; the deprecated Recycle policy is rejected or warned about.
 *
 * Prerequisites in a real cluster: a node with the directory `/data/static-pv` (hostPath data lives
 * on one node: use a single-node cluster such as kind or minikube, or an NFS/CSI backend). No
 * StorageClass named `standard` is needed: the name only pairs the claim with the volume.
 *
 * Run: `npx ts-node examples/s5-static-pv.ts` (or `npm run examples`; writes examples/dist/s5-static-pv/static-pv.k8s.yaml).
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { runExample } from './harness';
import { ContainerDefaults } from '../src/pods';
import { PersistentVolumeBackend, StaticPvWithClaim, VolumeReclaimPolicy } from '../src/storage';

export function build(app: App): void {
  const chart = new Chart(app, 'static-pv');

  const storage = new StaticPvWithClaim(chart, 'static-pv', {
    backend: PersistentVolumeBackend.fromHostPath('/data/static-pv'),
    capacity: Size.gibibytes(10),
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    reclaimPolicy: VolumeReclaimPolicy.RETAIN,
    storageClassName: 'standard',
    volumeMetadata: { name: 'static-pv' },
    claimMetadata: { name: 'static-pvc' },
    podVolumeName: 'static-storage',
  });

  const pod = new kplus.Pod(chart, 'static-pod', {
    metadata: { name: 'static-pod' },
    securityContext: ContainerDefaults.podSecurityContext(),
  });
  const web = pod.addContainer(ContainerDefaults.apply({ name: 'nginx', image: 'docker.io/library/nginx:1.27', portNumber: 80 }));
  web.mount('/usr/share/nginx/html', storage);
}

if (require.main === module) {
  runExample(__filename);
}
