import { createHash } from 'crypto';
import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { peekState, StateKey, stateOf } from '../private/construct-state';
import { assertNoProblems, patternsError, quote } from '../private/errors';
import {
  absolutePathErrors, configMapKeyErrors, dns1123LabelErrors, dns1123SubdomainErrors, fileModeErrors, localNonReservedPathErrors,
  toDns1123Label,
} from '../private/k8s-names';
import { otherPlusMajorError } from '../private/plus-major';
import { guardPodVolumeName, podVolumes } from '../private/pod-volumes';
import { missingItemKeys, projectedFiles, subPathProblem } from '../private/projection';
import { canonicalJson, configMapSource, secretSource, Source } from '../private/projection-source';
import { addWarning } from '../private/warnings';

/**
 * How the pods learn that the ConfigMap or Secret changed.
 *
 * The kubelet refreshes the files of a whole-directory (or `items`) mount in place a minute or
 * so after the object changes, but the application has to notice (watch the file, or be sent
 * SIGHUP). Files mounted with `subPath` are never refreshed: only a new pod sees new content.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/#mounted-configmaps-are-updated-automatically
 */
export enum ReloadStrategy {
  /**
   * Nothing is added: the application watches its files (or you signal it). With a `subPath`
   * mount the pods keep the old content until they are recreated.
   */
  NONE = 'None',

  /**
   * A pod-template annotation `checksum.cdk8s-patterns.io/<kind>-<name>` holds the sha256 of
   * the object's content (keys sorted), so changing the data changes the template and rolls the
   * pods. Needs the object to be defined in this app. For a bare Pod the annotation lands on
   * the pod's own metadata, which marks the change but does not restart it (delete and recreate
   * the Pod, or use a Deployment).
   */
  CONTENT_HASH = 'ContentHash',

  /**
   * Stakater Reloader restarts the workload when the object changes: the workload gets
   * `reloader.stakater.com/search: "true"` and the object `reloader.stakater.com/match: "true"`
   * (an object referenced by name gets `configmap.reloader.stakater.com/reload: <name>` /
   * `secret.reloader.stakater.com/reload: <name>` on the workload instead). Needs Reloader in
   * the cluster and a workload (Deployment, StatefulSet, DaemonSet); Reloader does not restart
   * bare Pods.
   *
   * @see https://github.com/stakater/Reloader
   */
  RELOADER = 'Reloader',
}

/**
 * One key of a ConfigMap or Secret projected to a file of the volume (`items[]`).
 */
export interface KeyToPath {
  /**
   * The key in the ConfigMap's or Secret's data.
   */
  readonly key: string;

  /**
   * The relative path of the file the key becomes, e.g. `a.example.com.conf` or `conf/app.ini`.
   *
   * Must be relative, must not contain a `..` element and must not start with `..`.
   */
  readonly path: string;

  /**
   * Mode bits of this file, 0 to 0o777 (write it as an octal literal: `0o644`). Emitted as a
   * decimal number (420), which every YAML parser reads the same way.
   *
   * @default - the volume's `defaultMode`
   */
  readonly mode?: number;
}

/**
 * Properties shared by `ConfigMapMount` and `SecretMount`.
 */
export interface ProjectionMountProps {
  /**
   * The pod or workload (Deployment, StatefulSet, DaemonSet, Job) whose containers mount the object.
   */
  readonly pod: kplus.AbstractPod;

  /**
   * Project only these keys, each to its own relative path. Keys that are not listed are not in
   * the volume.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/configmap/#using-configmaps-as-files-from-a-pod
   * @default - every key of the object becomes a file named after the key
   */
  readonly items?: KeyToPath[];

  /**
   * Mode bits of the files, 0 to 0o777 (e.g. `0o644`, `0o400`). Emitted as a decimal number.
   *
   * @default - 0o644, Kubernetes' default
   */
  readonly defaultMode?: number;

  /**
   * Whether the pod may start when the object (or an item key) does not exist.
   *
   * @default false
   */
  readonly optional?: boolean;

  /**
   * The name of the pod volume.
   *
   * @default - `configmap-<name>` or `secret-<name>`, made a valid DNS-1123 label of at most 63 characters; for a
   * second mount of the same object in the pod, `configmap-<name>-<construct id>`
   */
  readonly volumeName?: string;
}

/**
 * Properties of a `ConfigMapMount`.
 */
export interface ConfigMapMountProps extends ProjectionMountProps {
  /**
   * The ConfigMap: one defined in this app (`new kplus.ConfigMap(...)`, its keys are checked)
   * or an existing one (`kplus.ConfigMap.fromConfigMapName(...)`, nothing can be checked).
   */
  readonly configMap: kplus.IConfigMap;
}

/**
 * Properties of a `SecretMount`.
 */
export interface SecretMountProps extends ProjectionMountProps {
  /**
   * The Secret: one defined in this app (its keys are checked, never its values) or an existing
   * one (`kplus.Secret.fromSecretName(...)`).
   */
  readonly secret: kplus.ISecret;
}

/**
 * Options for `replaceDirectory()`.
 */
export interface DirectoryMountOptions {
  /**
   * How the pods pick up a changed object.
   *
   * @default ReloadStrategy.NONE (the kubelet refreshes the files in place; the application watches them)
   */
  readonly reload?: ReloadStrategy;

  /**
   * Mount read-only.
   *
   * @default true
   */
  readonly readOnly?: boolean;
}

/**
 * Options for `mountFile()`.
 */
export interface FileMountOptions {
  /**
   * The file of the volume to mount (the mount's `subPath`): an item's `path`, or a key when
   * there are no `items`.
   *
   * @default - the last element of the mount path, e.g. `a.example.com.conf` for `/etc/nginx/conf.d/a.example.com.conf`
   */
  readonly file?: string;

  /**
   * How the pods pick up a changed object. A `subPath` mount never receives updates, so the
   * default rolls the pods when the content changes; pass `ReloadStrategy.NONE` to opt out.
   *
   * @default ReloadStrategy.CONTENT_HASH for an object defined in this app; ReloadStrategy.NONE (with a synth-time
   * warning) for an object referenced by name, whose content is unknown
   */
  readonly reload?: ReloadStrategy;

  /**
   * Mount read-only.
   *
   * @default true
   */
  readonly readOnly?: boolean;
}

/**
 * The object a `ProjectionMount` projects into the pod: a ConfigMap or a Secret.
 */
export class ProjectionSource {
  /**
   * A ConfigMap defined in this app or referenced by name.
   */
  public static fromConfigMap(configMap: kplus.IConfigMap): ProjectionSource {
    return new ProjectionSource(configMapSource(configMap));
  }

  /**
   * A Secret defined in this app or referenced by name.
   */
  public static fromSecret(secret: kplus.ISecret): ProjectionSource {
    return new ProjectionSource(secretSource(secret));
  }

  /** @internal */
  public readonly _source: Source;

  private constructor(source: Source) {
    this._source = source;
  }
}

/** Annotation keys written by the reload strategies. */
const RELOADER_SEARCH = 'reloader.stakater.com/search';
const RELOADER_MATCH = 'reloader.stakater.com/match';

/** What the ProjectionMounts of one pod or workload recorded, kept on the pod (`construct-state.ts`). */
interface PodMounts {
  /**
   * Which ProjectionMounts already serve which object (`<kind>/<name>`), with their projection
   * (items, defaultMode, optional): a second volume of one object must project it differently.
   */
  readonly byObject: Map<string, Array<{ readonly label: string; readonly projection: string }>>;
  /** Objects referenced by name that Reloader must watch, per kind. */
  readonly reloadByName: Map<string, Set<string>>;
}

const POD_MOUNTS: StateKey<PodMounts> = {
  id: 'cdk8s-patterns.projection-mounts',
  init: () => ({ byObject: new Map(), reloadByName: new Map() }),
};

interface FileMountRecord {
  readonly container: string;
  readonly mountPath: string;
  readonly file: string;
}

/**
 * Mounts a ConfigMap or Secret into containers of one pod or workload: the base of
 * `ConfigMapMount` and `SecretMount`.
 *
 * One pod volume serves every mount of the object by this construct. A second construct for the
 * same object in the same pod gets a volume of its own, and must project other `items` (e.g.
 * `default.conf` mounted with `subPath` and `index.html` as the web root). Mount it in one of two ways:
 * `replaceDirectory()` (the volume becomes the directory and **hides every file the image had
 * there**) or `mountFile()` (one file with `subPath`; the rest of the directory stays visible,
 * but the file never receives updates).
 */
export abstract class ProjectionMount extends Construct {
  /**
   * The pod volume (`configMap` or `secret` source).
   */
  public readonly volume: kplus.Volume;

  /**
   * The pod or workload the object is mounted into.
   */
  public readonly pod: kplus.AbstractPod;

  /**
   * The keys projected with `items`, in the order given (empty when every key becomes a file).
   */
  public readonly items: KeyToPath[];

  private readonly source: Source;
  private readonly typeName: string;
  private readonly optional: boolean;
  private readonly fileMounts: FileMountRecord[] = [];
  private hashAdded = false;
  private reloaderAdded = false;

  /**
   * Creates the pod volume for `source` and adds it to `props.pod`.
   */
  protected constructor(scope: Construct, id: string, source: ProjectionSource, props: ProjectionMountProps) {
    super(scope, id);
    this.source = source._source;
    const typeName = this.source.typeName;
    this.typeName = typeName;
    const otherMajor = otherPlusMajorError(typeName, id, 'pod', props.pod);
    if (otherMajor) {
      throw otherMajor;
    }
    this.pod = props.pod;
    this.optional = props.optional ?? false;
    this.items = [...props.items ?? []];
    const nameProp = this.source.kind === 'configmap' ? 'configMap.name' : 'secret.name';
    assertNoProblems(typeName, id, nameProp, this.source.name, this.source.name === '' ? ['Required value'] : dns1123SubdomainErrors(this.source.name));
    this.validateItems(this.items);
    if (props.defaultMode !== undefined) {
      assertNoProblems(typeName, id, 'defaultMode', props.defaultMode, fileModeErrors(props.defaultMode),
        'Write the mode as an octal literal, e.g. 0o644');
    }
    const key = `${this.source.kind}/${this.source.name}`;
    // read only here: the pod gets its state child when the first mount is recorded, below
    const earlier = peekState(this.pod, POD_MOUNTS)?.byObject.get(key) ?? [];
    const projection = canonicalJson({
      items: [...this.items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      defaultMode: props.defaultMode ?? null,
      optional: this.optional,
    });
    const same = earlier.find((m) => m.projection === projection);
    if (same !== undefined) {
      throw patternsError(typeName, id, `${this.source.label} ${quote(this.source.name)} is already mounted into this pod by ${same.label} `
        + 'with the same items; one pod volume serves every mount of an object, so call replaceDirectory() or mountFile() on that '
        + `construct instead (a second ${typeName} of it needs other 'items')`);
    }
    const volumeName = props.volumeName ?? this.defaultVolumeName(earlier.length > 0);
    const nameProblems = dns1123LabelErrors(volumeName);
    if (podVolumes(this.pod).some((v) => v.name === volumeName)) {
      nameProblems.push('is already the name of another volume of this pod; pass another \'volumeName\'');
    }
    assertNoProblems(typeName, id, 'volumeName', volumeName, nameProblems);
    const byObject = stateOf(this.pod, POD_MOUNTS).byObject;
    byObject.set(key, [...earlier, { label: `${typeName} ${quote(this.node.path)}`, projection }]);

    // fromEntries creates own properties, so keys such as '__proto__' (a valid ConfigMap key) are kept
    const itemsMap: Record<string, kplus.PathMapping> = Object.fromEntries(
      this.items.map((item) => [item.key, { path: item.path, mode: item.mode }]));
    this.volume = this.source.volume(this, 'Volume', volumeName, {
      defaultMode: props.defaultMode,
      optional: props.optional,
      items: this.items.length > 0 ? itemsMap : undefined,
    });
    this.pod.addVolume(this.volume);
    guardPodVolumeName(this, this.volume, { label: `${typeName} ${quote(id)}`, prop: 'volumeName' });
    this.node.addValidation({ validate: () => this.validateAgainstData() });
  }

  /**
   * Mounts the whole volume as the directory `mountPath` of `container`.
   *
   * **This hides every file the image had in that directory**: mounting an nginx config map at
   * `/etc/nginx/conf.d` removes the image's `default.conf`. Use `mountFile()` to add single
   * files to a directory instead.
   *
   * @param container a container (or init container) of this construct's pod
   * @param mountPath absolute directory path in the container
   */
  public replaceDirectory(container: kplus.Container, mountPath: string, options: DirectoryMountOptions = {}): void {
    this.checkMount(container, mountPath);
    container.mount(mountPath, this.volume, { readOnly: options.readOnly ?? true });
    this.applyReload(options.reload ?? ReloadStrategy.NONE);
  }

  /**
   * Mounts one file of the volume at `mountPath` with `subPath`, so the other files of the
   * directory stay visible.
   *
   * Files mounted with `subPath` never receive updates of the object, so by default the pod
   * template carries a hash of the content and a change rolls the pods (see `FileMountOptions.reload`).
   *
   * @param container a container (or init container) of this construct's pod
   * @param mountPath absolute path of the file in the container, e.g. `/etc/nginx/conf.d/a.example.com.conf`
   */
  public mountFile(container: kplus.Container, mountPath: string, options: FileMountOptions = {}): void {
    this.checkMount(container, mountPath);
    const file = options.file ?? mountPath.slice(mountPath.lastIndexOf('/') + 1);
    assertNoProblems(this.typeName, this.node.id, 'file', file, file === '' ? ['must not be empty'] : localNonReservedPathErrors(file),
      'name a file the volume creates (an item path, or a key when there are no items)');
    if (this.items.length > 0) {
      const problem = subPathProblem(file, projectedFiles(this.items, undefined));
      if (problem) {
        throw patternsError(this.typeName, this.node.id, `'file' is invalid: ${problem}`);
      }
    }
    let reload = options.reload;
    if (reload === undefined) {
      if (this.source.content() === undefined) {
        addWarning(this, `${this.typeName} '${this.node.id}': the file ${quote(mountPath)} is mounted with subPath from `
          + `${this.source.label} ${quote(this.source.name)}, which is referenced by name: the pods never see changes to it `
          + 'until they are recreated; pass reload: ReloadStrategy.RELOADER or NONE to silence this');
        reload = ReloadStrategy.NONE;
      } else {
        reload = ReloadStrategy.CONTENT_HASH;
      }
    }
    container.mount(mountPath, this.volume, { subPath: file, readOnly: options.readOnly ?? true });
    this.fileMounts.push({ container: container.name, mountPath, file });
    this.applyReload(reload);
  }

  /**
   * `configmap-<name>` (or `secret-<name>`); for a second mount of the object in the pod, with the
   * construct id appended and, if that is taken too, a number: a DNS-1123 label of at most 63
   * characters.
   */
  private defaultVolumeName(second: boolean): string {
    const base = `${this.source.kind}-${this.source.name}`;
    if (!second) {
      return toDns1123Label(base);
    }
    const taken = new Set(podVolumes(this.pod).map((v) => v.name));
    let name = toDns1123Label(`${base}-${this.node.id}`);
    for (let n = 2; taken.has(name); n++) {
      name = toDns1123Label(`${base}-${this.node.id}-${n}`);
    }
    return name;
  }

  private validateItems(items: KeyToPath[]): void {
    const seenKeys = new Set<string>();
    const seenPaths = new Set<string>();
    items.forEach((item, i) => {
      const keyProblems = item.key === '' ? ['Required value'] : configMapKeyErrors(item.key);
      if (seenKeys.has(item.key)) {
        keyProblems.push('is listed twice; project each key once');
      }
      assertNoProblems(this.typeName, this.node.id, `items[${i}].key`, item.key, keyProblems);
      seenKeys.add(item.key);
      const pathProblems = item.path === '' ? ['Required value'] : localNonReservedPathErrors(item.path);
      if (seenPaths.has(item.path)) {
        pathProblems.push('is used by another item; give each item its own path');
      }
      assertNoProblems(this.typeName, this.node.id, `items[${i}].path`, item.path, pathProblems);
      seenPaths.add(item.path);
      if (item.mode !== undefined) {
        assertNoProblems(this.typeName, this.node.id, `items[${i}].mode`, item.mode, fileModeErrors(item.mode),
          'Write the mode as an octal literal, e.g. 0o644');
      }
    });
  }

  private checkMount(container: kplus.Container, mountPath: string): void {
    const otherMajor = otherPlusMajorError(this.typeName, this.node.id, 'container', container);
    if (otherMajor) {
      throw otherMajor;
    }
    if (![...this.pod.containers, ...this.pod.initContainers].includes(container)) {
      throw patternsError(this.typeName, this.node.id, `container ${quote(container.name)} is not a container of the pod this `
        + `construct mounts into; add it with pod.addContainer() first, or create a ${this.typeName} for its pod`);
    }
    const problems = mountPath === '' ? ['Required value'] : absolutePathErrors(mountPath);
    if (mountPath.includes(':')) {
      problems.push('must not contain \':\'');
    }
    if (container.mounts.some((m) => m.path === mountPath)) {
      problems.push(`is already mounted in container ${quote(container.name)}; mount paths must be unique per container`);
    }
    assertNoProblems(this.typeName, this.node.id, 'mountPath', mountPath, problems);
  }

  private applyReload(reload: ReloadStrategy): void {
    switch (reload) {
      case ReloadStrategy.CONTENT_HASH:
        this.addContentHash();
        break;
      case ReloadStrategy.RELOADER:
        this.addReloader();
        break;
      default:
        break;
    }
  }

  private addContentHash(): void {
    if (this.hashAdded) {
      return;
    }
    if (this.source.content() === undefined) {
      throw patternsError(this.typeName, this.node.id, `reload ReloadStrategy.CONTENT_HASH needs the content of ${this.source.label} `
        + `${quote(this.source.name)}, which is referenced by name and not defined in this app; use ReloadStrategy.RELOADER or NONE`);
    }
    const annotation = `checksum.cdk8s-patterns.io/${toDns1123Label(`${this.source.kind}-${this.source.name}`)}`;
    const hash = Lazy.any({ produce: () => createHash('sha256').update(this.source.content()!).digest('hex') });
    this.pod.podMetadata.addAnnotation(annotation, hash as unknown as string);
    this.hashAdded = true;
  }

  private addReloader(): void {
    if (this.reloaderAdded) {
      return;
    }
    if (this.pod instanceof kplus.Pod) {
      throw patternsError(this.typeName, this.node.id, 'reload ReloadStrategy.RELOADER needs a workload (Deployment, StatefulSet, '
        + 'DaemonSet): Reloader does not restart bare Pods; use a Deployment or ReloadStrategy.CONTENT_HASH');
    }
    if (this.source.metadata) {
      this.pod.metadata.addAnnotation(RELOADER_SEARCH, 'true');
      this.source.metadata.addAnnotation(RELOADER_MATCH, 'true');
    } else {
      const byKind = stateOf(this.pod, POD_MOUNTS).reloadByName;
      const names = byKind.get(this.source.kind) ?? new Set<string>();
      byKind.set(this.source.kind, names);
      names.add(this.source.name);
      this.pod.metadata.addAnnotation(`${this.source.kind}.reloader.stakater.com/reload`, [...names].sort().join(','));
    }
    this.reloaderAdded = true;
  }

  /**
   * Checks item keys and subPath files against the data of an object defined in this app.
   *
   * With `optional: true` a missing item key is no error (the kubelet skips it), but a subPath
   * mount must still name a file the volume creates from the data that is there: for a missing
   * one the kubelet mounts an empty directory at the file's path (the same rule as the
   * validator's XREF-SUBPATH-NOFILE).
   */
  private validateAgainstData(): string[] {
    const keys = this.source.dataKeys();
    if (keys === undefined) {
      return [];
    }
    const errors: string[] = [];
    const missing = missingItemKeys(this.items, keys);
    if (missing.length > 0 && !this.optional) {
      const known = keys.length > 0 ? keys.map((k) => quote(k)).join(', ') : 'none';
      errors.push(patternsError(this.typeName, this.node.id, `'items' name ${missing.length === 1 ? 'a key' : 'keys'} that `
        + `${this.source.label} ${quote(this.source.name)} does not have: ${missing.map((k) => quote(k)).join(', ')} (its keys: ${known}); `
        + 'the kubelet would fail to mount the volume, so fix the item keys or add the data').message);
      return errors;
    }
    const files = projectedFiles(this.items, keys);
    for (const m of this.fileMounts) {
      const problem = subPathProblem(m.file, files);
      if (problem) {
        const hint = this.optional ? `; 'optional' lets the pod start without ${this.source.label} ${quote(this.source.name)} `
          + 'or a key, it does not make the file of a subPath mount optional, so add the key or mount the directory' : '';
        errors.push(patternsError(this.typeName, this.node.id, `the file mount ${quote(m.mountPath)} of container `
          + `${quote(m.container)} is invalid: ${problem}${hint}`).message);
      }
    }
    return errors;
  }
}

/**
 * Mounts a ConfigMap into containers of a pod or workload: as a whole directory, as selected
 * keys projected with `items`, or as single files with `subPath`, with a reload strategy per mount.
 *
 * Creates one `configMap` volume in the pod (named `configmap-<name>`; a second `ConfigMapMount` of the same map in
 * the same pod, with other `items`, gets its own volume `configmap-<name>-<id>`) and one volume mount per
 * `replaceDirectory()` / `mountFile()` call. For a ConfigMap defined in the app, item keys and
 * `subPath` files are checked against its data at synth time.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/#using-configmaps-as-files-from-a-pod
 */
export class ConfigMapMount extends ProjectionMount {
  /**
   * The ConfigMap that is mounted.
   */
  public readonly configMap: kplus.IConfigMap;

  constructor(scope: Construct, id: string, props: ConfigMapMountProps) {
    super(scope, id, ProjectionSource.fromConfigMap(props.configMap), props);
    this.configMap = props.configMap;
  }
}

/**
 * Mounts a Secret into containers of a pod or workload, like `ConfigMapMount` (whole directory,
 * `items`, or single files with `subPath`), with a reload strategy per mount.
 *
 * Creates one `secret` volume in the pod (named `secret-<name>`). For a Secret defined in the app,
 * item keys and `subPath` files are checked against its keys at synth time; values are never read
 * into messages. `ReloadStrategy.CONTENT_HASH` puts a sha256 of the Secret's content in a pod
 * annotation: fine for keys and generated passwords, but a short guessable password could be
 * found from it by trial, so prefer `ReloadStrategy.RELOADER` for those.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
 */
export class SecretMount extends ProjectionMount {
  /**
   * The Secret that is mounted.
   */
  public readonly secret: kplus.ISecret;

  constructor(scope: Construct, id: string, props: SecretMountProps) {
    super(scope, id, ProjectionSource.fromSecret(props.secret), props);
    this.secret = props.secret;
  }
}
