/**
 * Pod volumes and who owns them: every volume of a pod, and the synth-time check that no two
 * different volumes of one pod share a name (used by the storage constructs and the mounts).
 *
 * Who owns a volume is kept on the volume (a `kplus.Volume` is a construct) and how a construct's
 * volumes are described on that construct, each in a hidden child (`construct-state.ts`).
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { peekState, StateKey, stateOf } from './construct-state';
import { quote } from './errors';

/** Who a pod volume belongs to, for messages: the construct ("NfsVolume 'nfs'") and its prop that names the volume. */
export interface VolumeOwner {
  readonly label: string;
  readonly prop: string;
}

/** A registered owner; `owner` is replaced when a volume is registered again. */
interface OwnerRecord {
  owner?: VolumeOwner;
}

/** On a pod volume of ours: who owns it (set by `guardPodVolumeName()`). */
const VOLUME_OWNER: StateKey<OwnerRecord> = { id: 'cdk8s-patterns.volume-owner', init: () => ({}) };
/** On a construct: how its pod volumes are described instead of the default (set by `describeVolumesOf()`). */
const OWNER_OVERRIDE: StateKey<OwnerRecord> = { id: 'cdk8s-patterns.volume-description', init: () => ({}) };

/** The registered owner of `volume`, if any. */
function ownerOf(volume: kplus.Volume): VolumeOwner | undefined {
  return peekState(volume, VOLUME_OWNER)?.owner;
}

/**
 * Makes the pod volume of `construct` (e.g. the claim of a StaticPvWithClaim) be described as
 * `label` with prop `prop` in messages.
 */
export function describeVolumesOf(construct: Construct, label: string, prop: string): void {
  stateOf(construct, OWNER_OVERRIDE).owner = { label, prop };
}

/** The description of the pod volumes of `construct`: its override, else `label` / `prop`. */
export function volumeOwnerOf(construct: Construct, label: string, prop: string): VolumeOwner {
  return peekState(construct, OWNER_OVERRIDE)?.owner ?? { label, prop };
}

/** Every volume of a pod: those its containers mount and those added with addVolume(), without repeats. */
export function podVolumes(pod: kplus.AbstractPod): kplus.Volume[] {
  const all = [...pod.containers, ...pod.initContainers].flatMap((c) => c.mounts.map((m) => m.volume)).concat(pod.volumes);
  return Array.from(new Set(all));
}

function describeVolume(volume: kplus.Volume): string {
  const owner = ownerOf(volume);
  return owner ? owner.label : `the volume at ${quote(volume.node.path)}`;
}

function describePod(pod: kplus.AbstractPod): string {
  let kind = 'pod';
  try {
    kind = ApiObject.of(pod).kind;
  } catch {
    // not a cdk8s-plus resource with an L1 child: keep 'pod'
  }
  return `${kind} ${quote(pod.name)}`;
}

/**
 * Registers `volume` as the pod volume of `construct` and checks, at synth, that no pod using it
 * has another volume of the same name: cdk8s-plus would fail with "At least two different volumes
 * have the same name" and the API server rejects such a pod. Two of our constructs that clash are
 * reported once, by the one whose volume has the smaller construct path.
 *
 * @param construct the construct that owns the volume (the validation is added to it)
 * @param owner how to name the construct and its volume-name prop in messages
 */
export function guardPodVolumeName(construct: IConstruct, volume: kplus.Volume, owner: VolumeOwner): void {
  const first = ownerOf(volume) === undefined;
  stateOf(volume, VOLUME_OWNER).owner = owner;
  if (!first) {
    return;
  }
  construct.node.addValidation({
    validate: () => {
      const me = ownerOf(volume)!;
      const errors: string[] = [];
      for (const c of construct.node.root.node.findAll()) {
        if (!(c instanceof kplus.AbstractPod)) {
          continue;
        }
        const volumes = podVolumes(c);
        if (!volumes.includes(volume)) {
          continue;
        }
        for (const other of volumes) {
          if (other === volume || other.name !== volume.name) {
            continue;
          }
          const theirs = ownerOf(other);
          if (theirs && other.node.path < volume.node.path) {
            continue; // reported by the other construct
          }
          const fix = theirs
            ? `pass another '${me.prop}' here or another '${theirs.prop}' to ${theirs.label}`
            : `pass another '${me.prop}' here, or rename that volume`;
          errors.push(`${me.label}: pod volume name ${quote(volume.name)} is also the name of ${describeVolume(other)} in `
            + `${describePod(c)}; one pod cannot have two different volumes with the same name, so ${fix}`);
        }
      }
      return errors;
    },
  });
}
