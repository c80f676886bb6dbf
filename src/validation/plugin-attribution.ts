/**
 * Which construct made the object a finding is about, for the cdk8s-cli plugin's report.
 *
 * cdk8s-cli's construct metadata (construct-metadata.json, `context.metadata`) is keyed by
 * `metadata.name` alone: a Deployment and a Service both named `web` share one entry, and the one
 * written last wins. So the plugin uses, in this order:
 * 1. `cdk8s-patterns.metadata.json`, which an app using this library writes next to the manifests
 *    under `cdk8s synth` (src/private/synth-record.ts): exact, by kind, namespace and name;
 * 2. cdk8s-cli's entry for the name, only when exactly one validated object has that name;
 * 3. otherwise no construct path; when the name is ambiguous, the resource name says so.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SYNTH_RECORD_FILE, SynthRecordFile } from '../private/synth-record-format';
import { hasOwn, isObj, obj, str } from './core/json';
import { ConstructNote, SourceDoc } from './report';

/** Where a finding's object came from, as the report shows it. */
export interface Attribution {
  /** The resource name the report shows (and looks the construct path up by). */
  readonly resourceName: string;
  /** The construct path, when known for sure. */
  readonly constructPath?: string;
}

/** The record an app wrote next to `manifests` (searched in their folders and up to two levels above). */
export function readSynthRecord(manifests: readonly string[]): SynthRecordFile | undefined {
  const dirs = new Set<string>();
  for (const m of manifests) {
    let dir = path.dirname(path.resolve(m));
    for (let up = 0; up < 3; up++) {
      dirs.add(dir);
      dir = path.dirname(dir);
    }
  }
  for (const dir of dirs) {
    const file = path.join(dir, SYNTH_RECORD_FILE);
    if (fs.existsSync(file)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (isObj(parsed) && parsed.version === 1 && Array.isArray(parsed.objects) && Array.isArray(parsed.warnings)) {
          return parsed as SynthRecordFile;
        }
      } catch {
        // an unreadable record is as good as none
      }
    }
  }
  return undefined;
}

/** The warnings the constructs recorded, as notes for the validator (LINT-CONSTRUCT-WARNING). */
export function recordNotes(record: SynthRecordFile | undefined): ConstructNote[] {
  return (record?.warnings ?? []).map((w) => ({
    doc: { manifest: { kind: w.kind, metadata: { name: w.name } }, index: -1, constructPath: w.path },
    message: w.message,
  }));
}

/** How the report names an object: `Deployment shop/web` (just the name when the kind is unknown). */
export function resourceName(kind: string, namespace: string | undefined, name: string): string {
  return `${kind === '?' ? '' : `${kind} `}${namespace ? `${namespace}/` : ''}${name}`;
}

/** Attributes the objects of `docs` to constructs (see the file header). */
export class Attributor {
  private readonly exact = new Map<string, string>();
  private readonly byName = new Map<string, string[]>();

  constructor(docs: readonly SourceDoc[], record: SynthRecordFile | undefined,
    private readonly cliMetadata: { readonly [name: string]: { readonly path?: string } } | undefined) {
    for (const o of record?.objects ?? []) {
      this.exact.set(this.key(o.kind, o.namespace, o.name), o.path);
    }
    for (const d of docs) {
      const m = d.manifest;
      if (!isObj(m) || typeof m.kind !== 'string') {
        continue;
      }
      const meta = obj(m.metadata);
      const name = str(meta.name) ?? '?';
      const list = this.byName.get(name) ?? [];
      list.push(resourceName(m.kind, str(meta.namespace), name));
      this.byName.set(name, list);
    }
  }

  /** The attribution of an object (kind, namespace, name), or of a construct when `constructPath` is given. */
  public attribute(kind: string, namespace: string | undefined, name: string, constructPath?: string): Attribution {
    const display = resourceName(kind, namespace, name);
    if (constructPath) {
      return { resourceName: display, constructPath };
    }
    const exact = this.exact.get(this.key(kind, namespace, name));
    if (exact) {
      return { resourceName: display, constructPath: exact };
    }
    const same = this.byName.get(name) ?? [];
    const cli = this.cliMetadata && hasOwn(this.cliMetadata as Record<string, unknown>, name) ? this.cliMetadata[name]?.path : undefined;
    if (same.length > 1) {
      // said in the name, so cdk8s-cli's count of occurrences stays the count of findings
      return {
        resourceName: `${display} (construct unknown: ${same.length} objects are named '${name}' (${same.join(', ')}) and cdk8s-cli's construct metadata is keyed by name)`,
      };
    }
    return cli ? { resourceName: display, constructPath: cli } : { resourceName: display };
  }

  private key(kind: string, namespace: string | undefined, name: string): string {
    return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
  }
}
