/**
 * The CLI's validation, document by document: a task (a file, or a piece of a big file cut where
 * it decodes the same, decode-fast.ts `filePieces`) is decoded and each document goes through the
 * per-object layers at once; what is kept of it is its findings (plain data, lines resolved) and a
 * slim record for the cross-object layer (slim.ts). The full object and the file's text are then
 * dropped. Tasks run in the main thread or in worker threads (worker.ts); the cross-object layer
 * runs once in the main thread on the slim records (`assemble`). Not part of the jsii API.
 */
import * as fs from 'fs';
import { ObjectRef } from './formats';
import { RunContext } from '../core/context';
import { CustomResources } from '../crd/custom-resources';
import { DecodeError } from '../decode';
import { decodeManifestsFast } from '../decode-fast';
import { Finding } from '../finding';
import { ManifestValidator, ManifestValidatorOptions } from '../manifest-validator';
import { SourceDoc } from '../report';
import { freshCopy, slimManifest } from '../slim';

/** A piece of work: a whole file, or a piece of one (its text and the lines before it). */
export interface Task {
  /** The path to read (when `text` is not given). */
  readonly file: string;
  /** How the file is shown in findings. */
  readonly shown: string;
  readonly text?: string;
  /** The bytes of the file to read (a piece of a big file), when `text` is not given. */
  readonly bytes?: { readonly start: number; readonly end: number };
  /** Lines of the file before `text` (or `bytes`). */
  readonly lineBase?: number;
  /** Whether to return an `ObjectRef` per object (the junit report lists every object). */
  readonly refs: boolean;
  /** Why the file could not be read (standard input). */
  readonly readError?: string;
}

/** What is kept of one decoded document. */
export interface DocResult {
  /** The findings of the per-object layers, in order, with the rank of each one's layer (none: undefined). */
  readonly findings?: Finding[];
  readonly ranks?: number[];
  /** The slim record of the manifest (slim.ts). */
  readonly slim: unknown;
  /** 1-based line where the document starts in its file. */
  readonly line?: number;
  readonly ref?: ObjectRef;
}

export interface TaskResult {
  readonly docs: DocResult[];
  readonly errors: DecodeError[];
}

/** The per-object state of one thread: the validator, and the CRDs given with --crd. */
export class PerObjectEngine {
  public readonly validator: ManifestValidator;
  private readonly customResources: CustomResources;
  /** With lint, most objects have findings: their positions are recorded while decoding (decode-fast.ts). */
  private readonly recordPositions: boolean;

  constructor(options: ManifestValidatorOptions) {
    this.validator = new ManifestValidator(options);
    this.recordPositions = options.lint ?? true;
    // the CRDs of the set are not known yet: objects of a kind they define are validated again (`assemble`)
    this.customResources = this.validator._customResources([]);
  }

  /** Decodes and validates `task` document by document. */
  public run(task: Task): TaskResult {
    if (task.readError !== undefined) {
      return { docs: [], errors: [{ file: task.shown, message: task.readError, objectsBefore: 0 }] };
    }
    let text: string;
    try {
      text = textOf(task);
    } catch (e) {
      return { docs: [], errors: [{ file: task.shown, message: `cannot read: ${(e as Error).message}`, objectsBefore: 0 }] };
    }
    const base = task.lineBase ?? 0;
    const decoded = decodeManifestsFast(text, task.shown, 0, { recordPositions: this.recordPositions });
    const ctx = new RunContext();
    const docs: DocResult[] = [];
    const all = decoded.docs;
    for (let i = 0; i < all.length; i++) {
      const doc = all[i];
      // drop the full object from the decoded list as soon as it is done with
      (all as Array<SourceDoc | undefined>)[i] = undefined;
      const ranked = this.validator._rankedFindings(this.validator._perObject(doc, ctx, this.customResources));
      const m = doc.manifest;
      const object = m !== null && m !== undefined;
      const kept: { -readonly [K in keyof DocResult]: DocResult[K] } = { slim: slimManifest(m) };
      if (doc.line !== undefined) {
        kept.line = doc.line + base;
      }
      if (ranked.length > 0) {
        kept.findings = ranked.map((r) => shiftLine(freshCopy(r.finding) as Finding, base));
        kept.ranks = ranked.map((r) => r.layer);
      }
      if (task.refs && object) {
        kept.ref = freshCopy(objectRef(doc, base)) as ObjectRef;
      }
      docs.push(kept);
    }
    const errors = decoded.errors.map((e) => (e.line === undefined ? e : { ...e, line: e.line + base }));
    return { docs, errors };
  }
}

/** The text of a task (read from its file when not given). */
function textOf(task: Task): string {
  return task.text ?? (task.bytes ? readBytes(task.file, task.bytes.start, task.bytes.end) : fs.readFileSync(task.file, 'utf8'));
}

/** Bytes `start` to `end` of `file`, as UTF-8 text. */
function readBytes(file: string, start: number, end: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(end - start);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, start + got);
      if (n === 0) {
        break;
      }
      got += n;
    }
    return buf.toString('utf8', 0, got);
  } finally {
    fs.closeSync(fd);
  }
}

function shiftLine<T extends { line?: number }>(f: T, base: number): T {
  return base === 0 || f.line === undefined ? f : { ...f, line: f.line + base };
}

function objectRef(d: SourceDoc, base: number): ObjectRef {
  const m = d.manifest;
  const meta = m && typeof m === 'object' && m.metadata && typeof m.metadata === 'object' ? m.metadata : {};
  return {
    file: d.file,
    line: d.line === undefined ? undefined : d.line + base,
    kind: typeof m?.kind === 'string' ? m.kind : '?',
    name: typeof meta.name === 'string' ? meta.name : '?',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
  };
}

/** One document of the run: the task that decoded it, its position there, and what the task kept of it. */
export interface RunDoc {
  readonly task: number;
  /** Its position among the documents of its task. */
  readonly ordinal: number;
  readonly result: DocResult;
}

/**
 * Decodes tasks again, one at a time (a piece of a big file, or a whole small file), for what
 * the slim records lack: the line of a field of an object with a cross-object finding, or the
 * whole object when a CRD of the set defines its kind. The lines are those of the file.
 */
class Redecoder {
  private cached?: { index: number; docs: SourceDoc[] };

  constructor(private readonly tasks: readonly Task[]) {}

  public doc(taskIndex: number, ordinal: number): SourceDoc | undefined {
    if (this.cached?.index !== taskIndex) {
      const task = this.tasks[taskIndex];
      let docs: SourceDoc[] = [];
      if (task.readError === undefined) {
        try {
          docs = decodeManifestsFast(textOf(task), task.shown, 0).docs;
        } catch {
          docs = []; // it could be read before: the findings keep the lines of their objects
        }
      }
      this.cached = { index: taskIndex, docs };
    }
    const doc = this.cached.docs[ordinal];
    const base = this.tasks[taskIndex].lineBase ?? 0;
    if (doc === undefined || base === 0) {
      return doc;
    }
    const lineOf = doc.lineOf;
    return {
      ...doc,
      line: doc.line === undefined ? undefined : doc.line + base,
      lineOf: lineOf && ((p: string) => {
        const line = lineOf(p);
        return line === undefined ? undefined : line + base;
      }),
    };
  }
}

function isCrd(m: any): boolean {
  return m !== null && typeof m === 'object' && m.apiVersion === 'apiextensions.k8s.io/v1' && m.kind === 'CustomResourceDefinition';
}

/**
 * The findings of the run in input order: the per-object findings the tasks kept, those of
 * objects whose kind a CRD of the set defines (validated again here with every CRD), and the
 * cross-object layer on the slim records, merged by object and layer as `_validateDocs` orders them.
 */
export function assemble(validator: ManifestValidator, tasks: readonly Task[], docs: readonly RunDoc[]): Finding[] {
  const redecoder = new Redecoder(tasks);
  const crdDocs: SourceDoc[] = [];
  docs.forEach((d, index) => {
    if (isCrd(d.result.slim)) {
      crdDocs.push({ manifest: d.result.slim, index });
    }
  });
  const perObject: Array<{ findings?: Finding[]; ranks?: number[] }> = docs.map((d) => d.result);
  if (crdDocs.length > 0) {
    const setOnly = CustomResources.fromDocs(crdDocs);
    const all = validator._customResources(crdDocs);
    const ctx = new RunContext();
    docs.forEach((d, index) => {
      const m = d.result.slim;
      if (isCrd(m) || !setOnly.has(m)) {
        return; // its findings do not depend on the CRDs of the set
      }
      const full = redecoder.doc(d.task, d.ordinal);
      if (full) {
        const ranked = validator._rankedFindings(validator._perObject({ ...full, index }, ctx, all));
        perObject[index] = { findings: ranked.map((r) => r.finding), ranks: ranked.map((r) => r.layer) };
      }
    });
  }
  const objects: SourceDoc[] = [];
  docs.forEach((d, index) => {
    const m = d.result.slim;
    if (m !== null && typeof m === 'object') {
      objects.push({
        manifest: m,
        index,
        file: tasks[d.task].shown,
        line: d.result.line,
        lineOf: (p: string) => redecoder.doc(d.task, d.ordinal)?.lineOf?.(p),
      });
    }
  });
  const cross = validator._rankedFindings(validator._crossObject(objects, new RunContext()));
  const out: Finding[] = [];
  let next = 0;
  perObject.forEach((own, index) => {
    const merged: Array<{ finding: Finding; layer: number }> = (own.findings ?? []).map((finding, i) => ({ finding, layer: own.ranks![i] }));
    if (merged.length === 0 && (next >= cross.length || cross[next].index !== index)) {
      return;
    }
    while (next < cross.length && cross[next].index === index) {
      merged.push(cross[next++]);
    }
    // stable: within a layer, the per-object findings first, as in one raw list
    merged.sort((a, b) => a.layer - b.layer);
    for (const m of merged) {
      out.push(m.finding);
    }
  });
  return out;
}
