import { IConstruct } from 'constructs';
import { ensureSynthRecord } from './synth-record';

/** Metadata type under which constructs of this library record synth-time warnings. */
export const WARNING_METADATA_TYPE = 'cdk8s-patterns:warning';

/**
 * Records a warning on a construct (not an error: the output is valid, but probably not what
 * the user wants, e.g. a writable hostPath or the deprecated Recycle policy). The validation
 * hook and `npm run examples` print every warning of an app; tests read them with `warningsOf`.
 *
 * Never pass a secret value: under `cdk8s synth` with validations the warnings are written to
 * cdk8s-patterns.metadata.json next to the manifests.
 */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING_METADATA_TYPE, message);
  ensureSynthRecord(scope); // so the cdk8s-cli validation plugin can report it (synth-record.ts)
}

/** Every warning recorded on `scope` and its descendants, in construct-tree order. */
export function warningsOf(scope: IConstruct): string[] {
  const out: string[] = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === WARNING_METADATA_TYPE) {
        out.push(String(entry.data));
      }
    }
  }
  return out;
}
