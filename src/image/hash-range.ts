// sha256 of byte ranges of local files on worker threads, so checking layer digests runs on every core while the
// main thread walks tar headers.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { retuneHeapAfterWorker } from '../core/batch-heap.js';
import type { FileRange } from './tar-walk.js';

// Inline source: the CLI is one bundled file, so a worker cannot be loaded from a module path of its own.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const buf = Buffer.allocUnsafe(1024 * 1024);
parentPort.on('message', ({ id, path, offset, size }) => {
  let fd;
  try {
    fd = openSync(path, 'r');
    const h = createHash('sha256');
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), offset + pos);
      if (n === 0) throw new Error('the file ended ' + (size - pos) + ' bytes early');
      h.update(buf.subarray(0, n));
      pos += n;
    }
    parentPort.postMessage({ id, digest: 'sha256:' + h.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

interface Job {
  id: number;
  range: FileRange;
  resolve(digest: string): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Job | undefined;
}

/**
 * One worker fewer than there are cores: the main thread walks the layers and runs the catalogers on the other.
 * On two cores one worker scanned the large bench image 10–20% slower than two did, with 5–10 MB less peak RSS
 * (a worker is an isolate of its own, about 9 MB); with two they only took turns with the main thread.
 */
const MAX_WORKERS = Math.max(1, availableParallelism() - 1);

const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 0;

function dispatch() {
  for (const slot of slots) {
    if (slot.busy || queue.length === 0) continue;
    const job = queue.shift() as Job;
    slot.busy = job;
    slot.worker.ref();
    slot.worker.postMessage({ id: job.id, ...job.range });
  }
  if (queue.length > 0 && slots.length < MAX_WORKERS) {
    spawn();
    dispatch();
  }
}

function spawn() {
  // No inherited execArgv: a parent run with --input-type=module would make this CommonJS source an ES module.
  const worker = new Worker(WORKER, { eval: true, execArgv: [] });
  // Its start-up resets V8's flags for the whole process: put the batch settings back, if the process had them.
  worker.once('online', retuneHeapAfterWorker);
  const slot: Slot = { worker, busy: undefined };
  // Idle workers must not keep the process alive.
  worker.unref();
  worker.on('message', (m: { id: number; digest?: string; error?: string }) => {
    const job = slot.busy;
    slot.busy = undefined;
    worker.unref();
    if (job && job.id === m.id) {
      if (m.digest) job.resolve(m.digest);
      else job.reject(new Error(m.error ?? 'hashing failed'));
    }
    dispatch();
  });
  worker.on('error', (e) => {
    const job = slot.busy;
    slots.splice(slots.indexOf(slot), 1);
    job?.reject(e);
    dispatch();
  });
  slots.push(slot);
}

/** 'sha256:<hex>' of `range`; rejects when the file is shorter than the range or unreadable. */
export function hashRange(range: FileRange): Promise<string> {
  return new Promise((resolve, reject) => {
    queue.push({ id: nextId++, range, resolve, reject });
    dispatch();
  });
}
