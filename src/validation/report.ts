import { RunContext } from './core/context';
import { RuleLayer } from './core/rule';
import type { Finding } from './finding';
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
  /** Keys that appeared twice in one mapping of the document (decoded from YAML; the last one won). */
  readonly duplicateKeys?: readonly DuplicateKey[];
}

/** A key that appears twice in one mapping (the last one wins). */
export interface DuplicateKey {
  /** The field path of the key, relative to its object. */
  readonly path: string;
  readonly key: string;
  readonly firstLine: number;
  readonly lastLine: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
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
  /**
   * True for a `Required value` finding: the structure layer and the API-server rules can both
   * see the same missing field; findings are de-duplicated on (object, path) when this is set.
   */
  readonly required?: boolean;
}

/**
 * A finding with the rank of its layer (schema 0, api 1, cross 2, lint 3) and the index of its
 * document (internal: the CLI merges the per-object and cross-object layers computed apart).
 */
export interface RankedFinding {
  readonly finding: Finding;
  readonly layer: number;
  readonly index: number;
}

/** Collects the findings of one document. */
export class DocReporter {
  /**
   * @param doc the document findings are about
   * @param out where findings are collected
   * @param ctx the state of this validation run (caches, indexes)
   */
  constructor(
    public readonly doc: SourceDoc,
    private readonly out: RawFinding[],
    public readonly ctx: RunContext = new RunContext(),
    private readonly fixNote?: (fix: string) => string,
  ) {}

  /** Records a finding of rule `ruleId` at `path`. */
  public add(ruleId: RuleId, path: string, message: string, fix?: string): void {
    this.push(ruleId, path, message, fix, false);
  }

  /** Records a `Required value` finding of rule `ruleId` at `path` (de-duplicated with the structure layer's). */
  public required(ruleId: RuleId, path: string, fix?: string): void {
    this.push(ruleId, path, 'Required value', fix, true);
  }

  /** Records a finding for another document (cross-object rules report on the object at fault). */
  public on(doc: SourceDoc): DocReporter {
    return new DocReporter(doc, this.out, this.ctx);
  }

  /**
   * A reporter for the same document whose fix hints pass through `note` (e.g. to say that it is
   * the pods a controller creates from a template that fail, not the object itself).
   */
  public withFixNote(note: (fix: string) => string): DocReporter {
    return new DocReporter(this.doc, this.out, this.ctx, note);
  }

  private push(ruleId: RuleId, path: string, message: string, fix: string | undefined, required: boolean): void {
    const info = ruleInfo(ruleId);
    if (required && info.layer === 'lint') {
      // `lint: false` skips the lint-only modules (catalog.ts checksFor): a lint rule must not rename another layer's finding
      throw new Error(`validator bug: lint rule '${ruleId}' reports a required value`);
    }
    const hint = fix ?? info.fix;
    const finding: RawFinding = { ruleId, layer: info.layer, path, message, fix: this.fixNote && hint ? this.fixNote(hint) : hint, doc: this.doc };
    this.out.push(required ? { ...finding, required } : finding);
  }
}
