/**
 * The files the CLI reads: directory walks and reading (a file that cannot be read is a decode
 * error of that file, not the end of the run). Not part of the jsii API.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SYNTH_RECORD_FILE } from '../../private/synth-record-format';

/** A path named on the command line that does not exist (a usage error: exit 2). */
export class InputError extends Error {}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
/**
 * Files a directory walk skips: cdk8s-cli's sidecar `construct-metadata.json` (written next to
 * the manifests by `cdk8s synth` when validations are configured) is not a manifest. A file
 * named on the command line is always read.
 */
const SKIPPED_FILES: ReadonlySet<string> = new Set(['construct-metadata.json', SYNTH_RECORD_FILE]);

/** The files of `input` (a file, a directory searched recursively, or '-' for stdin). */
export function listFiles(input: string, cwd: string): string[] {
  if (input === '-') {
    return ['-'];
  }
  const abs = path.resolve(cwd, input);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new InputError(`${input}: no such file or directory`);
  }
  if (!stat.isDirectory()) {
    return [abs];
  }
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
          walk(p);
        }
      } else if (MANIFEST_EXTENSIONS.some((e) => entry.name.endsWith(e)) && !SKIPPED_FILES.has(entry.name)) {
        out.push(p);
      }
    }
  };
  walk(abs);
  return out;
}

/** How a file is shown in findings: relative to `cwd`, `<stdin>` for '-'. */
export function shownName(file: string, cwd: string): string {
  return file === '-' ? '<stdin>' : path.relative(cwd, file) || file;
}
