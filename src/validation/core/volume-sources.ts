/**
 * The volume source fields of a pod volume and of a PersistentVolume, in the order the 1.27 API
 * server checks them (layer-neutral facts, no state).
 */

/** Pod volume source fields in the order `validateVolumeSource` checks them. */
export const POD_VOLUME_SOURCES: readonly string[] = ['emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret',
  'nfs', 'iscsi', 'glusterfs', 'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume',
  'configMap', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi',
  'ephemeral'];

/** PersistentVolume source fields in the order `ValidatePersistentVolumeSpec` checks them. */
export const PV_SOURCES: readonly string[] = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd',
  'quobyte', 'cephfs', 'iscsi', 'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume',
  'azureDisk', 'scaleIO', 'local', 'storageos', 'csi'];

const POD_RANK: ReadonlyMap<string, number> = new Map(POD_VOLUME_SOURCES.map((x, i) => [x, i]));
const PV_RANK: ReadonlyMap<string, number> = new Map(PV_SOURCES.map((x, i) => [x, i]));

/** The sources set on a pod volume (`'pod'`) or a PV spec (`'pv'`), in the API server's check order. */
export function presentSources(v: Record<string, any>, of: 'pod' | 'pv'): string[] {
  const rank = of === 'pod' ? POD_RANK : PV_RANK;
  const out: string[] = [];
  for (const k of Object.keys(v)) {
    if (rank.has(k) && v[k] !== null && v[k] !== undefined) {
      out.push(k);
    }
  }
  return out.length > 1 ? out.sort((a, b) => rank.get(a)! - rank.get(b)!) : out;
}
