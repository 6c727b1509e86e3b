// Where content analysis runs. Reading a tarball is one stream on the main thread, with inflate on
// libuv's pool; the per-entry work of content.ts (decode, count, scan for secrets) is most of the
// CPU time on a large artifact and needs no other entry, so on a large artifact it moves to worker
// threads, fed in batches with backpressure on the reader. Small artifacts never start a worker:
// the first `thresholdBytes` are analysed in place, and most packages end there.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyseMapSource, analyseText, type MapSourceFacts, type SecretEngine, type TextFacts, type TextJob } from './content.js';

export interface ContentRunner {
  /** Analyse a text entry; `done` runs now or later, before `drain()` resolves. `bytes` must not change. */
  text(bytes: Buffer, job: TextJob, done: (facts: TextFacts) => void): void;
  /** Decode and scan one escaped `sourcesContent` string of the map at `path`. */
  mapSource(raw: Buffer, path: string, source: string | undefined, done: (facts: MapSourceFacts) => void): void;
  /** A promise while too much work is queued; the reader waits for it before reading on. */
  ready(): Promise<void> | undefined;
  /** Resolves when every `done` has run; rejects if a worker failed. */
  drain(): Promise<void>;
  /** Stops the workers (safe to call more than once). */
  close(): Promise<void>;
}

/** Everything in the calling thread, at once: for small artifacts, custom engines and tests. */
export class InlineRunner implements ContentRunner {
  constructor(private readonly engine: SecretEngine | undefined) {}

  text(bytes: Buffer, job: TextJob, done: (facts: TextFacts) => void): void {
    done(analyseText(bytes, job, this.engine));
  }

  mapSource(raw: Buffer, path: string, source: string | undefined, done: (facts: MapSourceFacts) => void): void {
    done(analyseMapSource(raw, path, source, this.engine));
  }

  ready(): undefined {
    return undefined;
  }

  async drain(): Promise<void> {}

  async close(): Promise<void> {}
}

export interface ThreadedOptions {
  /** Scan for secrets with shipgate's own engine (workers cannot take a custom one). */
  secrets: boolean;
  /** Worker threads to start once the threshold is passed. */
  workers: number;
  /** Bytes analysed in place before any worker starts. */
  thresholdBytes: number;
  /** The worker script (tests substitute a failing one). */
  workerUrl?: URL;
}

/** Worker threads worth starting here: one per core beyond the one reading (inflate has the pool). */
export function defaultWorkerCount(): number {
  return Math.max(0, Math.min(2, availableParallelism() - 1));
}

export const DEFAULT_THRESHOLD_BYTES = 8 * 1024 * 1024;

/** A job as it crosses to a worker: its bytes are [start, end) of the batch's buffer. */
export type WireJob =
  | ({ type: 'text'; start: number; end: number } & TextJob)
  | { type: 'map-source'; start: number; end: number; path: string; source?: string };
// (map-source bytes include the string's quotes)

export interface WireBatch {
  id: number;
  secrets: boolean;
  buffer: ArrayBuffer;
  jobs: WireJob[];
}

export type WireReply = { id: number; results: Array<TextFacts | MapSourceFacts> } | { id: number; error: string };

type Done = (facts: never) => void;

const QUOTE = Buffer.from('"');
const BATCH_BYTES = 1 << 20;
const SHARE_BYTES = 4 << 20;
const HIGH_BYTES = 32 << 20;
const LOW_BYTES = 8 << 20;

interface Slot {
  worker: Worker;
  exited: boolean;
  bytes: number;
  batches: number;
}

/** In place up to a threshold, then on worker threads. Results reach `done` in the order of `drain()`. */
export class ThreadedRunner implements ContentRunner {
  private readonly inline: InlineRunner;
  private seen = 0;
  private slots: Slot[] | undefined;
  private batch: { jobs: WireJob[]; views: Buffer[]; done: Done[]; bytes: number } = { jobs: [], views: [], done: [], bytes: 0 };
  private flushScheduled = false;
  private nextId = 0;
  private readonly inFlight = new Map<number, { slot: Slot; bytes: number; done: Done[] }>();
  private inFlightBytes = 0;
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly options: ThreadedOptions,
    engine: SecretEngine | undefined,
  ) {
    this.inline = new InlineRunner(engine);
  }

  text(bytes: Buffer, job: TextJob, done: (facts: TextFacts) => void): void {
    if (!this.offload(bytes.length)) return this.inline.text(bytes, job, done);
    const { start, end } = this.append(bytes, done as Done);
    this.batch.jobs.push({ type: 'text', start, end, ...job });
    this.afterAppend();
  }

  mapSource(raw: Buffer, path: string, source: string | undefined, done: (facts: MapSourceFacts) => void): void {
    if (!this.offload(raw.length)) return this.inline.mapSource(raw, path, source, done);
    // With its quotes, so the worker's JSON.parse takes the bytes as they are.
    const start = this.batch.bytes;
    this.append(QUOTE, undefined);
    this.append(raw, done as Done);
    const { end } = this.append(QUOTE, undefined);
    this.batch.jobs.push({ type: 'map-source', start, end, path, source });
    this.afterAppend();
  }

  ready(): Promise<void> | undefined {
    if (this.inFlightBytes + this.batch.bytes < HIGH_BYTES || this.failure) return undefined;
    this.flush();
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight.size && !this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots ?? [];
    this.slots = [];
    await Promise.all(
      slots.map((s) => {
        if (s.exited) return undefined;
        this.hold(s);
        return s.worker.terminate();
      }),
    );
  }

  /** Start the workers now (a large artifact is coming): they boot while reading begins. */
  start(): void {
    if (this.options.workers <= 0 || this.closed) return;
    this.slots ??= Array.from({ length: this.options.workers }, () => this.startWorker());
  }

  private offload(bytes: number): boolean {
    if (this.options.workers <= 0 || this.closed) return false;
    this.seen += bytes;
    if (!this.slots && this.seen <= this.options.thresholdBytes) return false;
    this.start();
    // Work sharing: while the workers have plenty queued, this thread takes the job itself rather
    // than wait for them, so every core stays busy.
    return this.inFlightBytes + this.batch.bytes < SHARE_BYTES * this.options.workers;
  }

  private append(bytes: Buffer, done: Done | undefined): { start: number; end: number } {
    const start = this.batch.bytes;
    this.batch.views.push(bytes);
    if (done) this.batch.done.push(done);
    this.batch.bytes += bytes.length;
    return { start, end: this.batch.bytes };
  }

  private afterAppend(): void {
    if (this.batch.bytes >= BATCH_BYTES) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  private startWorker(): Slot {
    const worker = new Worker(this.options.workerUrl ?? new URL('./content-worker.js', import.meta.url));
    const slot: Slot = { worker, exited: false, bytes: 0, batches: 0 };
    worker.unref();
    worker.on('message', (reply: WireReply) => this.onReply(reply));
    worker.on('error', (e: Error) => this.fail(new Error(`content analysis worker failed: ${e.message}`)));
    worker.on('exit', (code) => {
      slot.exited = true;
      if (!this.closed) this.fail(new Error(`content analysis worker stopped (exit code ${code})`));
    });
    return slot;
  }

  /** Sends the current batch to the least-loaded worker, its bytes copied into one transferable buffer. */
  private flush(): void {
    const batch = this.batch;
    if (batch.jobs.length === 0 || this.failure) return;
    this.batch = { jobs: [], views: [], done: [], bytes: 0 };
    const packed = Buffer.allocUnsafeSlow(batch.bytes);
    let at = 0;
    for (const v of batch.views) {
      packed.set(v, at);
      at += v.length;
    }
    const slot = this.slots!.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    const id = this.nextId++;
    this.inFlight.set(id, { slot, bytes: batch.bytes, done: batch.done });
    this.inFlightBytes += batch.bytes;
    slot.bytes += batch.bytes;
    slot.batches++;
    this.hold(slot);
    const message: WireBatch = { id, secrets: this.options.secrets, buffer: packed.buffer as ArrayBuffer, jobs: batch.jobs };
    slot.worker.postMessage(message, [message.buffer]);
  }

  private onReply(reply: WireReply): void {
    const entry = this.inFlight.get(reply.id);
    if (!entry) return;
    this.inFlight.delete(reply.id);
    this.inFlightBytes -= entry.bytes;
    entry.slot.bytes -= entry.bytes;
    entry.slot.batches--;
    this.hold(entry.slot);
    if ('error' in reply) return this.fail(new Error(`content analysis failed: ${reply.error}`));
    reply.results.forEach((facts, i) => (entry.done[i] as (f: unknown) => void)(facts));
    if (this.inFlightBytes + this.batch.bytes < LOW_BYTES || this.inFlight.size === 0) this.wake();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const { slot } of this.inFlight.values()) this.hold(slot);
    this.wake();
  }

  /**
   * A worker keeps the process alive only while its answers are awaited (a batch in flight and no
   * failure), or while it is being terminated: terminate() settles on the 'exit' event.
   */
  private hold(slot: Slot): void {
    if (this.closed || (slot.batches > 0 && !this.failure)) slot.worker.ref();
    else slot.worker.unref();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
