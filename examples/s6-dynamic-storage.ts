/**
 * S6: dynamic provisioning through a StorageClass.
 *
 * Shows `DynamicStorageClass`: StorageClass `dynamic-storage` (provisioner kubernetes.io/aws-ebs,
 * parameters `type: gp2`, reclaim policy Delete, the default for provisioned volumes) and the claim
 * `dynamic-pvc` (ReadWriteOnce, 1Gi) created from it with `claim()`, so the claim's
 * storageClassName is the class's name by reference. Pod `dynamic-pod` (nginx) mounts it at
 * `/usr/share/nginx/html`. Sizes need not be whole GiB (`Size.mebibytes(500)` works).
 *
 * Prerequisites in a real cluster: the provisioner. On EKS since Kubernetes 1.23 the in-tree
 * `kubernetes.io/aws-ebs` plugin is migrated to the EBS CSI driver, which must be installed
 * (the `aws-ebs-csi-driver` add-on) with IAM permissions; new classes should use
 * `Provisioner.AWS_EBS_CSI` with `type: gp3`.
 *
 * Run: `npx ts-node examples/s6-dynamic-storage.ts` (or `npm run examples`; writes examples/dist/s6-dynamic-storage/dynamic-storage.k8s.yaml).
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { runExample } from './harness';
import { ContainerDefaults } from '../src/pods';
import { DynamicStorageClass, Provisioner } from '../src/storage';

export function build(app: App): void {
  const chart = new Chart(app, 'dynamic-storage');

  const storageClass = new DynamicStorageClass(chart, 'dynamic-storage', {
    metadata: { name: 'dynamic-storage' },
    provisioner: Provisioner.AWS_EBS,
    parameters: { type: 'gp2' },
  });

  const claim = storageClass.claim(chart, 'dynamic-pvc', {
    metadata: { name: 'dynamic-pvc' },
    storage: Size.gibibytes(1),
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
  });

  const pod = new kplus.Pod(chart, 'dynamic-pod', {
    metadata: { name: 'dynamic-pod' },
    securityContext: ContainerDefaults.podSecurityContext(),
  });
  const web = pod.addContainer(ContainerDefaults.apply({ name: 'nginx', image: 'docker.io/library/nginx:1.27', portNumber: 80 }));
  web.mount('/usr/share/nginx/html', claim);
}

if (require.main === module) {
  runExample(__filename);
}
