// A content-analysis worker (content-runner.ts starts it): runs content.ts on batches of entries
// and sends the facts back. It only ever sees bytes; nothing it reads is executed.
import { parentPort } from 'node:worker_threads';
import * as secretEngine from '../secrets/index.js';
import { analyseMapSource, analyseText, type MapSourceFacts, type TextFacts } from './content.js';
import type { WireBatch, WireReply } from './content-runner.js';

const port = parentPort;
if (!port) throw new Error('content-worker.js runs as a worker thread');

port.on('message', (batch: WireBatch) => {
  let reply: WireReply;
  try {
    const bytes = new Uint8Array(batch.buffer);
    const engine = batch.secrets ? secretEngine : undefined;
    const results: Array<TextFacts | MapSourceFacts> = batch.jobs.map((job) => {
      const view = bytes.subarray(job.start, job.end);
      return job.type === 'text' ? analyseText(view, job, engine) : analyseMapSource(view, job.path, job.source, engine, true);
    });
    reply = { id: batch.id, results };
  } catch (e) {
    reply = { id: batch.id, error: (e as Error).message };
  }
  port.postMessage(reply);
});
