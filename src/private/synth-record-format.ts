/**
 * The format of `cdk8s-patterns.metadata.json` (written by synth-record.ts, read by the cdk8s-cli
 * plugin and skipped by the CLI's directory walk). No imports: the CLI loads it without cdk8s.
 */

/** File name of the record, in the app's outdir. */
export const SYNTH_RECORD_FILE = 'cdk8s-patterns.metadata.json';

/** One object of the app: where it came from. */
export interface RecordedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly path: string;
}

/** One warning a construct recorded. */
export interface RecordedWarning {
  readonly path: string;
  readonly kind: string;
  readonly name: string;
  readonly message: string;
}

/** The content of `cdk8s-patterns.metadata.json`. */
export interface SynthRecordFile {
  readonly version: 1;
  readonly objects: readonly RecordedObject[];
  readonly warnings: readonly RecordedWarning[];
}
