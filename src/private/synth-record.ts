/**
 * What the cdk8s-cli validation plugin cannot read from the YAML: which construct made which object
 * (cdk8s-cli's own construct-metadata.json is keyed by `metadata.name` alone, so a Deployment and a
 * Service named `web` share one entry) and the warnings the constructs of this library recorded.
 *
 * When an app runs under `cdk8s synth` with validations configured, cdk8s-cli sets
 * `CDK8S_RECORD_CONSTRUCT_METADATA=true` (`app.recordConstructMetadata`) and writes
 * construct-metadata.json next to the manifests. A `SynthRecord` on the app then writes
 * `cdk8s-patterns.metadata.json` beside it, at the start of the synth (cdk8s runs validations
 * before it renders); in every other synth it does nothing. The plugin reads that file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { RecordedObject, RecordedWarning, SYNTH_RECORD_FILE, SynthRecordFile } from './synth-record-format';
import { WARNING_METADATA_TYPE } from './warnings';

export { SYNTH_RECORD_FILE } from './synth-record-format';
export type { RecordedObject, RecordedWarning, SynthRecordFile } from './synth-record-format';

const ID = 'cdk8s-patterns.synth-record';

/** The warnings recorded under `scope`, in construct-tree order, with their construct. */
export function recordedWarnings(scope: IConstruct): RecordedWarning[] {
  const out: RecordedWarning[] = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === WARNING_METADATA_TYPE) {
        out.push({ path: c.node.path, kind: c.constructor.name, name: c.node.id, message: String(entry.data) });
      }
    }
  }
  return out;
}

/** Writes the record of one app when cdk8s-cli asks for construct metadata. */
class SynthRecord extends Construct {
  constructor(private readonly app: App) {
    super(app, ID);
    this.node.addValidation({ validate: () => this.write() });
  }

  private write(): string[] {
    if (process.env.CDK8S_RECORD_CONSTRUCT_METADATA !== 'true') {
      return [];
    }
    const objects: RecordedObject[] = this.app.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c))
      .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.name, path: o.node.path }));
    const record: SynthRecordFile = { version: 1, objects, warnings: recordedWarnings(this.app) };
    fs.mkdirSync(this.app.outdir, { recursive: true });
    fs.writeFileSync(path.join(this.app.outdir, SYNTH_RECORD_FILE), `${JSON.stringify(record, undefined, 2)}\n`);
    return [];
  }
}

/** Makes sure the app of `scope` writes the record when cdk8s-cli asks for construct metadata. */
export function ensureSynthRecord(scope: IConstruct): void {
  const root = scope.node.root;
  if (root instanceof App && !root.node.tryFindChild(ID)) {
    new SynthRecord(root);
  }
}
