import { App, Testing } from 'cdk8s';
import { loadExample } from '../../examples/harness';
import { bindingMismatches } from '../../src/private/binding';
import { warningsOf } from '../../src/private/warnings';

/** Builds one scenario app and returns every object of every chart, plus the app's warnings. */
function build(name: string): { objects: any[]; warnings: string[] } {
  const app = Testing.app();
  loadExample(name).build(app);
  const objects = app.charts.flatMap((c) => Testing.synth(c));
  return { objects, warnings: warningsOf(app) };
}

function find(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  expect(found).toBeDefined();
  return found;
}

describe('storage examples', () => {
  test('S3 hostPath', () => {
    // GIVEN / WHEN
    const { objects, warnings } = build('s3-hostpath');
    // THEN
    const pod = find(objects, 'Pod', 'hostpath-pod');
    const [container] = pod.spec.containers;
    expect(container.name).toBe('hostpath-container');
    expect(container.image).toMatch(/nginx:1\.\d+$/);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(pod.spec.volumes).toEqual([{ name: 'data', hostPath: { path: '/data', type: 'DirectoryOrCreate' } }]);
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/usr/share/nginx/html', readOnly: true }]);
    expect(pod.spec.securityContext.runAsNonRoot).toBe(false);
    expect(warnings).toEqual([]);
  });

  test('S4 NFS volume in a Deployment', () => {
    // GIVEN / WHEN
    const { objects, warnings } = build('s4-nfs-deployment');
    // THEN
    const deployment = find(objects, 'Deployment', 'nginx');
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'nginx' } });
    expect(deployment.spec.template.metadata.labels).toMatchObject({ app: 'nginx' });
    const spec = deployment.spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(['nginx']);
    expect(spec.volumes).toEqual([{ name: 'data', nfs: { server: '192.168.142.139', path: '/data/nfs' } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(warnings).toEqual([]);
  });

  test('S5 static PV and claim bind to each other', () => {
    // GIVEN / WHEN
    const { objects, warnings } = build('s5-static-pv');
    // THEN
    const pv = find(objects, 'PersistentVolume', 'static-pv');
    const pvc = find(objects, 'PersistentVolumeClaim', 'static-pvc');
    const pod = find(objects, 'Pod', 'static-pod');
    expect(pv.spec).toMatchObject({
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'standard',
      hostPath: { path: '/data/static-pv' },
      claimRef: { name: 'static-pvc', namespace: 'default' },
    });
    expect(pvc.spec).toMatchObject({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'standard',
      volumeName: 'static-pv',
    });
    expect(bindingMismatches(pv, pvc)).toEqual([]);
    expect(pod.spec.volumes).toEqual([{ name: 'static-storage', persistentVolumeClaim: { claimName: 'static-pvc', readOnly: false } }]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: 'static-storage', mountPath: '/usr/share/nginx/html' }]);
    expect(warnings).toEqual([]);
  });

  test('S6 dynamic provisioning', () => {
    // GIVEN / WHEN
    const { objects, warnings } = build('s6-dynamic-storage');
    // THEN
    const sc = find(objects, 'StorageClass', 'dynamic-storage');
    const pvc = find(objects, 'PersistentVolumeClaim', 'dynamic-pvc');
    const pod = find(objects, 'Pod', 'dynamic-pod');
    expect(sc).toMatchObject({ provisioner: 'kubernetes.io/aws-ebs', parameters: { type: 'gp2' }, reclaimPolicy: 'Delete' });
    expect(pvc.spec).toMatchObject({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'dynamic-storage' });
    expect(pod.spec.volumes).toEqual([{ name: 'pvc-dynamic-pvc', persistentVolumeClaim: { claimName: 'dynamic-pvc', readOnly: false } }]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: 'pvc-dynamic-pvc', mountPath: '/usr/share/nginx/html' }]);
    expect(warnings).toEqual([]);
  });

  test('the examples synthesize with app.synth()', () => {
    // GIVEN
    const app = new App({ outdir: Testing.app().outdir });
    // WHEN
    for (const name of ['s3-hostpath', 's4-nfs-deployment', 's5-static-pv', 's6-dynamic-storage']) {
      loadExample(name).build(app);
    }
    // THEN
    expect(() => app.synth()).not.toThrow();
    expect(app.charts.map((c) => c.node.id)).toEqual(['hostpath', 'nfs-deployment', 'static-pv', 'dynamic-storage']);
  });
});
