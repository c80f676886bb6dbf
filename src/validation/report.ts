import { RuleLayer, ruleInfo } from './rules';

/** One input document and where it came from (internal). */
export interface SourceDoc {
  /** The parsed object. */
  readonly manifest: any;
  /** Position in the validated list. */
  readonly index: number;
  /** Construct path, when synthesized by a cdk8s app. */
  readonly constructPath?: string;
  /** File it was read from. */
  readonly file?: string;
  /** 1-based line where the document starts. */
  readonly line?: number;
  /** Line of a field path in the file, when known. */
  readonly lineOf?: (path: string) => number | undefined;
}

/** A warning a construct recorded with `addWarning` (internal). */
export interface ConstructNote {
  readonly doc: SourceDoc;
  readonly message: string;
}

/** A finding before severities are applied (internal). */
export interface RawFinding {
  readonly ruleId: string;
  readonly layer: RuleLayer;
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
  readonly doc: SourceDoc;
}

/** Collects the findings of one document. */
export class DocReporter {
  constructor(public readonly doc: SourceDoc, private readonly out: RawFinding[]) {}

  /** Records a finding of rule `ruleId` at `path`. */
  public add(ruleId: string, path: string, message: string, fix?: string): void {
    const info = ruleInfo(ruleId);
    this.out.push({ ruleId, layer: info.layer, path, message, fix: fix ?? info.fix, doc: this.doc });
  }

  /** Records a finding for another document (cross-object rules report on the object at fault). */
  public on(doc: SourceDoc): DocReporter {
    return new DocReporter(doc, this.out);
  }
}

/**
 * True when `map` has `key` as its own property. User maps (data, labels, resources) are read with
 * this, never with `key in map` or a bare `map[key]`: a key such as `constructor` or `toString`
 * would find Object.prototype's member.
 */
export function hasOwn(map: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** `map[key]` when it is an own property, else undefined. */
export function ownValue(map: Record<string, any>, key: string): any {
  return hasOwn(map, key) ? map[key] : undefined;
}

/** `a.b` / `a[0]` / `a[key]` path building. */
export function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** `path[i]` */
export function index(path: string, i: number | string): string {
  return `${path}[${i}]`;
}

/** Go's `%q` for a string value in a message. */
export function q(v: unknown): string {
  return JSON.stringify(typeof v === 'string' ? v : String(v));
}

/** Splits `spec.containers[0].env[FOO].name` into segments: spec, containers, 0, env, FOO, name. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) {
      out.push(m[1]);
    } else {
      out.push(/^[0-9]+$/.test(m[2]) ? Number(m[2]) : m[2]);
    }
  }
  return out;
}
