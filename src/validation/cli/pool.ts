/**
 * Runs the CLI's tasks (engine.ts) on the main thread and on worker threads (worker.ts), and
 * returns the results in task order. `runCli` is synchronous, so the main thread waits for the
 * workers with `Atomics.wait` on a shared counter and takes their replies with
 * `receiveMessageOnPort`; while tasks are left it runs them itself too (so `--jobs N` uses N - 1
 * workers and the main thread). Not part of the jsii API.
 *
 * The worker is the compiled `worker.js` next to this file. Running from the TypeScript sources
 * (ts-node, jest), it is `worker.ts` loaded through ts-node's `register` (transpile only); where
 * ts-node cannot be found either, every task runs in the main thread.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import type { Task, TaskResult } from './engine';
import type { WorkerReply, WorkerSetup } from './worker';

/** A worker that has answered nothing for this long has its tasks run in the main thread. */
const STALL_MS = 120_000;
/**
 * Tasks posted ahead to each worker, so that it never waits for the main thread, which refills the
 * queues only between two of its own tasks (a task is a few milliseconds, a garbage collection
 * pause of the main thread tens): up to MAX_QUEUE_DEPTH, but no more than a worker's share of the
 * tasks left, so that at the end no worker holds tasks while the others are idle.
 */
const MAX_QUEUE_DEPTH = 16;
const MIN_QUEUE_DEPTH = 2;
/**
 * A worker's young generation is capped at 8 MB (below V8's default): a task's garbage is
 * short-lived and small, so this costs no time, and each worker adds about 30 MB less to the peak
 * RSS (measured on 20,000 pods with `--jobs 2`: 141-144 MB instead of 165-180 MB, the same 1.5 s).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

interface PoolWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly inflight: number[];
  dead: boolean;
}

/** How to start a worker thread, or undefined when none can be started. */
function workerScript(): { code: string; eval: boolean } | undefined {
  const js = path.join(__dirname, 'worker.js');
  if (fs.existsSync(js)) {
    return { code: js, eval: false };
  }
  const ts = path.join(__dirname, 'worker.ts');
  if (!fs.existsSync(ts)) {
    return undefined;
  }
  let tsNode: string;
  try {
    tsNode = require.resolve('ts-node');
  } catch {
    return undefined;
  }
  return {
    // the exit signal first (as worker.ts sets it), so that a worker that fails to load is noticed at once
    code: 'const setup = require(\'worker_threads\').workerData;\n'
      + 'process.on(\'exit\', () => { Atomics.store(setup.signal, 1 + setup.index, 1); Atomics.add(setup.signal, 0, 1); Atomics.notify(setup.signal, 0); });\n'
      + `require(${JSON.stringify(tsNode)}).register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });\n`
      + `require(${JSON.stringify(ts)});\n`,
    eval: true,
  };
}

/** How the tasks of a run were spread (for tests and the benchmark). */
export interface PoolStats {
  /** Worker threads started. */
  readonly workers: number;
  /** Tasks a worker ran (the others ran on the main thread). */
  readonly workerTasks: number;
  readonly tasks: number;
}

/** Where the tasks come from: `next` makes the next one (undefined: none left), `left` counts at least those not taken yet. */
export interface TaskSource {
  readonly next: () => Task | undefined;
  readonly left: () => number;
}

/**
 * Runs every task of `source` on the main thread (`local`) and on up to `workers` worker threads;
 * the results in task order. `workerCode` replaces the worker's code (tests: a worker that fails).
 */
export function runTasks(source: TaskSource, workers: number, options: unknown, local: (t: Task) => TaskResult,
  done: (id: number, result: TaskResult) => void = () => undefined, stats?: (s: PoolStats) => void, workerCode?: string): TaskResult[] {
  let workerTasks = 0;
  const results: TaskResult[] = [];
  const tasks = new Map<number, Task>();
  let count = 0;
  const take = (): number | undefined => {
    const t = source.next();
    if (t === undefined) {
      return undefined;
    }
    tasks.set(count, t);
    return count++;
  };
  const runHere = (id: number) => {
    results[id] = local(tasks.get(id)!);
    tasks.delete(id);
    done(id, results[id]);
  };
  const script = workers === 0 ? undefined : workerCode !== undefined ? { code: workerCode, eval: true } : workerScript();
  const signal = new Int32Array(new SharedArrayBuffer(4 * (1 + workers)));
  const pool: PoolWorker[] = [];
  for (let i = 0; script && i < workers; i++) {
    const { port1, port2 } = new MessageChannel();
    const setup: WorkerSetup = { cdk8sPatternsWorker: true, port: port2, signal, index: i, options };
    const worker = new Worker(script.code, { eval: script.eval, workerData: setup, transferList: [port2], resourceLimits: WORKER_LIMITS });
    worker.unref();
    worker.on('error', () => undefined); // a worker that fails is noticed by its exit signal; its tasks run here
    pool.push({ worker, port: port1, inflight: [], dead: false });
  }
  const collect = (): number => {
    let got = 0;
    for (const w of pool) {
      for (let m = receiveMessageOnPort(w.port); m; m = receiveMessageOnPort(w.port)) {
        const reply = m.message as WorkerReply;
        const at = w.inflight.indexOf(reply.id);
        if (at < 0) {
          continue; // a stalled worker's late reply: its task ran here
        }
        w.inflight.splice(at, 1);
        got++;
        if (reply.error !== undefined) {
          runHere(reply.id); // the same task in this thread: it fails here too, or it was the worker
        } else {
          results[reply.id] = reply.result as TaskResult;
          tasks.delete(reply.id);
          workerTasks++;
          done(reply.id, results[reply.id]);
        }
      }
    }
    return got;
  };
  /** Runs here the tasks of the workers that exited (or, `stalled`, stopped answering); true if there were any. */
  const reclaim = (stalled: boolean): boolean => {
    let any = false;
    pool.forEach((w, i) => {
      if (w.inflight.length > 0 && (stalled || Atomics.load(signal, 1 + i) === 1)) {
        w.dead = true;
        any = true;
        for (const id of w.inflight.splice(0)) {
          runHere(id);
        }
      }
    });
    return any;
  };
  try {
    for (;;) {
      pool.forEach((w, i) => {
        w.dead = w.dead || Atomics.load(signal, 1 + i) === 1;
      });
      const depth = Math.max(MIN_QUEUE_DEPTH, Math.min(MAX_QUEUE_DEPTH, Math.floor(source.left() / (pool.length + 1))));
      for (const w of pool) {
        while (!w.dead && w.inflight.length < depth) {
          const id = take();
          if (id === undefined) {
            break;
          }
          w.port.postMessage({ id, task: tasks.get(id) });
          w.inflight.push(id);
        }
      }
      collect();
      const id = take();
      if (id !== undefined) {
        runHere(id);
        continue;
      }
      if (pool.every((w) => w.inflight.length === 0)) {
        break;
      }
      const seen = Atomics.load(signal, 0);
      if (collect() > 0 || reclaim(false)) {
        continue;
      }
      const stalled = Atomics.wait(signal, 0, seen, STALL_MS) === 'timed-out';
      collect();
      reclaim(stalled);
    }
  } finally {
    for (const w of pool) {
      w.port.close();
      void w.worker.terminate();
    }
  }
  stats?.({ workers: pool.length, workerTasks, tasks: count });
  return results;
}
