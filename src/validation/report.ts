import { RunContext } from './core/context';
import { RuleLayer } from './core/rule';
import { RuleId, ruleInfo } from './rules/catalog';

export { child, hasOwn, index, ownValue, pathSegments, q } from './core/json';

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
  /**
   * @param doc the document findings are about
   * @param out where findings are collected
   * @param ctx the state of this validation run (caches, indexes)
   */
  constructor(public readonly doc: SourceDoc, private readonly out: RawFinding[], public readonly ctx: RunContext = new RunContext()) {}

  /** Records a finding of rule `ruleId` at `path`. */
  public add(ruleId: RuleId, path: string, message: string, fix?: string): void {
    const info = ruleInfo(ruleId);
    this.out.push({ ruleId, layer: info.layer, path, message, fix: fix ?? info.fix, doc: this.doc });
  }

  /** Records a finding for another document (cross-object rules report on the object at fault). */
  public on(doc: SourceDoc): DocReporter {
    return new DocReporter(doc, this.out, this.ctx);
  }
}
