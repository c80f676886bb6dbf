/**
 * The logic of the sidecar pattern, shared by `SidecarPattern` (any workload) and `SidecarPod` (a new
 * pod), so both report errors under their own construct type. Internal: not exported from index.
 */
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ContainerDefaults, ContainerRole, SecurityLevel } from './container-defaults';
import {
  assertNoHostPortCollision, assertNoPortCollision, assertUniqueName, assertValidSharedDir, duplicateNameErrors, portCollisionErrors,
  portNameProblems, shareProcessNamespace, Subject, validateContainerProps,
} from './pod-checks';
import { SharedDir, SharedDirOptions, SharedDirProps } from './shared-dir';
import { assertNoProblems, patternsError, quote } from '../private/errors';
import { dns1123LabelErrors } from '../private/k8s-names';

export class SidecarEngine {
  private readonly _sidecars: kplus.Container[] = [];
  private readonly _sharedDirs: SharedDir[] = [];
  private _main?: kplus.Container;

  constructor(
    private readonly owner: Construct,
    private readonly subject: Subject,
    public readonly workload: kplus.AbstractPod,
    public readonly securityLevel: SecurityLevel,
    shareProcesses: boolean,
  ) {
    if (shareProcesses) {
      shareProcessNamespace(workload);
    }
    owner.node.addValidation({ validate: () => this.validate() });
  }

  /** The main container: the one passed as `main`, else the workload's first container that is not a sidecar. */
  public get main(): kplus.Container | undefined {
    return this._main ?? this.workload.containers.find((c) => !this._sidecars.includes(c));
  }

  public get sidecars(): kplus.Container[] {
    return [...this._sidecars];
  }

  public get sharedDirs(): SharedDir[] {
    return [...this._sharedDirs];
  }

  public addMain(props: kplus.ContainerProps): kplus.Container {
    this._main = this.add(props, 'main', ContainerRole.MAIN);
    return this._main;
  }

  public addSidecar(props: kplus.ContainerProps): kplus.Container {
    const index = this._sidecars.length;
    const name = props.name ?? (index === 0 ? 'sidecar' : `sidecar-${index}`);
    const container = this.add({ ...props, name }, `sidecars[${index}]`, ContainerRole.SIDECAR);
    this._sidecars.push(container);
    return container;
  }

  public addSharedDir(name: string, options: SharedDirOptions): SharedDir {
    // Checked before any construct exists: constructs rejects '' as an id, and 'constructor' collides with Object.prototype.
    assertNoProblems(this.subject.type, this.subject.id, 'addSharedDir(name)', name, dns1123LabelErrors(name));
    const existing = this._sharedDirs.find((d) => d.name === name);
    if (existing) {
      throw patternsError(this.subject.type, this.subject.id, `shared dir ${quote(name)} is already declared; `
        + 'mount the SharedDir that the first addSharedDir() call returned into each container instead of declaring it twice');
    }
    const id = `SharedDir-${name}`;
    if (this.owner.node.tryFindChild(id) !== undefined) {
      throw patternsError(this.subject.type, this.subject.id, `shared dir ${quote(name)} needs the construct id ${quote(id)}, which `
        + 'another child of this construct already has; give that child another id');
    }
    assertValidSharedDir(name, name, this.workload, options.sizeLimit);
    const props: SharedDirProps & { readonly errorId: string } = { ...options, name, workload: this.workload, errorId: name };
    const dir = new SharedDir(this.owner, id, props);
    this._sharedDirs.push(dir);
    return dir;
  }

  private add(props: kplus.ContainerProps, path: string, role: ContainerRole): kplus.Container {
    validateContainerProps(this.subject, path, props);
    assertUniqueName(this.subject, this.workload, `${path}.name`, props.name ?? 'main');
    assertNoPortCollision(this.subject, this.workload, path, props);
    assertNoHostPortCollision(this.subject, this.workload, path, props);
    return this.workload.addContainer(ContainerDefaults.apply(props, { role, securityLevel: this.securityLevel }));
  }

  private validate(): string[] {
    const errors = [
      ...portCollisionErrors(this.subject, this.workload),
      ...portNameProblems(this.subject, this.workload.containers),
      ...duplicateNameErrors(this.subject, this.workload),
    ];
    if (!this.main) {
      errors.push(`${this.subject.type} '${this.subject.id}': the pod has ${this._sidecars.length} sidecar(s) but no main container. `
        + 'Did you pass \'main\' or call "addContainer()" on the workload?');
    }
    return errors;
  }
}
