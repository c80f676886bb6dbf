/**
 * The worker thread of `cdk8s-patterns validate --jobs N` (pool.ts starts it): runs the tasks the
 * main thread posts on its port (decode, per-object layers, slim records: engine.ts) and posts
 * back each result as plain data, then bumps a shared counter so that the main thread, waiting
 * synchronously (Atomics.wait), wakes up. Not part of the jsii API.
 */
import { isMainThread, MessagePort, workerData } from 'worker_threads';
import type { PerObjectEngine, Task } from './engine';

/** What the pool gives a worker. */
export interface WorkerSetup {
  readonly cdk8sPatternsWorker: true;
  readonly port: MessagePort;
  /** [0]: messages posted by every worker (the main thread waits on it); [1 + index]: 1 once this worker has exited. */
  readonly signal: Int32Array;
  readonly index: number;
  readonly options: any;
}

/** A message of a worker: a task's result or the error it failed with. */
export interface WorkerReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

function post(setup: WorkerSetup, reply: WorkerReply): void {
  setup.port.postMessage(reply);
  Atomics.add(setup.signal, 0, 1);
  Atomics.notify(setup.signal, 0);
}

/** Tells the main thread when this worker exits, whatever the reason (it then runs the worker's tasks itself). */
export function signalExit(setup: WorkerSetup): void {
  process.on('exit', () => {
    Atomics.store(setup.signal, 1 + setup.index, 1);
    Atomics.add(setup.signal, 0, 1);
    Atomics.notify(setup.signal, 0);
  });
}

function serve(setup: WorkerSetup): void {
  signalExit(setup);
  let engine: PerObjectEngine | undefined;
  let failure: string | undefined;
  try {
    // loaded here, after the exit signal is in place: a worker that cannot load it still says so
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const engineModule: typeof import('./engine') = require('./engine');
    engine = new engineModule.PerObjectEngine(setup.options);
  } catch (e) {
    failure = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  setup.port.on('message', (msg: { id: number; task?: Task; close?: boolean }) => {
    if (msg.close) {
      setup.port.close();
      return;
    }
    if (!engine) {
      post(setup, { id: msg.id, error: failure ?? 'worker not started' });
      return;
    }
    try {
      post(setup, { id: msg.id, result: engine.run(msg.task!) });
    } catch (e) {
      post(setup, { id: msg.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  });
}

if (!isMainThread && workerData && (workerData as WorkerSetup).cdk8sPatternsWorker === true) {
  serve(workerData as WorkerSetup);
}
