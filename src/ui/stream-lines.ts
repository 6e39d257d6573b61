/**
 * Line-by-line transform from a readable to a writable with backpressure: memory stays flat for any
 * input length. Output is written in chunks; EPIPE (the reader went away, e.g. `| head`) ends quietly,
 * any other write error ends the stream and is raised to the command.
 */
import type { Readable } from 'node:stream';
import type { OutStream } from './fd-stream.js';

const FLUSH_AT = 64 * 1024;

export async function streamLines(
  input: Readable,
  output: OutStream,
  handle: (line: string, lineNumber: number) => string | null,
): Promise<void> {
  let closed = false;
  // Thrown from a listener, an error would escape the command; it is kept and raised below instead.
  let failure: Error | undefined;
  const onError = (e: NodeJS.ErrnoException) => {
    closed = true;
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') failure = e;
  };
  output.on('error', onError);
  let pending = '';
  // Lines are kept apart and joined once per flush: one flat string, not a deep rope of small ones.
  let batch: string[] = [];
  let size = 0;
  let n = 0;
  const flush = async () => {
    if (batch.length === 0 || closed) return;
    batch.push('');
    const ok = output.write(batch.join('\n'));
    batch = [];
    size = 0;
    if (!ok && !closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          output.off('drain', done);
          output.off('close', done);
          output.off('error', done);
          resolve();
        };
        output.on('drain', done);
        output.on('close', done);
        output.on('error', done);
      });
    }
  };
  input.setEncoding('utf8');
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      if (closed) break;
      const text = pending + chunk;
      let start = 0;
      let nl: number;
      while ((nl = text.indexOf('\n', start)) !== -1) {
        const r = handle(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl), ++n);
        if (r !== null) {
          batch.push(r);
          size += r.length + 1;
        }
        start = nl + 1;
      }
      pending = text.slice(start);
      if (size >= FLUSH_AT) await flush();
    }
    if (pending !== '' && !closed) {
      const r = handle(pending, ++n);
      if (r !== null) batch.push(r);
    }
    await flush();
  } finally {
    output.off('error', onError);
    if (closed) input.destroy();
  }
  if (failure) throw failure;
}
