/**
 * Line-by-line transform from a readable to a writable with backpressure: memory stays flat for any
 * input length. Each line is encoded straight into an output buffer, written when full (joining a
 * million small strings and then encoding the result took a third of a batch's time). EPIPE (the
 * reader went away, e.g. `| head`) ends quietly; any other write error ends the stream and is raised
 * to the command.
 */
import { readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { OutStream } from './fd-stream.js';

/** A stream, or a descriptor read directly with the stream to go on with if it would block. */
export type LineInput = Readable | { fd: number; stream: () => Readable };

const READ_SIZE = 64 * 1024;

const BUFFER_SIZE = 256 * 1024;
/** UTF-8 takes at most 3 bytes for each UTF-16 code unit (4 for a surrogate pair, 2 units). */
const MAX_BYTES_PER_UNIT = 3;

export async function streamLines(
  input: LineInput,
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
  // A fresh buffer for each write: a stream may keep what it was given until it drains.
  let buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  let used = 0;
  let n = 0;
  const send = async (bytes: Uint8Array) => {
    if (closed || output.write(bytes) || closed) return;
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
  };
  const flush = async () => {
    if (used === 0) return;
    const full = buffer.subarray(0, used);
    buffer = Buffer.allocUnsafe(BUFFER_SIZE);
    used = 0;
    await send(full);
  };
  const fits = (line: string) => (line.length + 1) * MAX_BYTES_PER_UNIT <= BUFFER_SIZE - used;
  /** Adds a line (the buffer written out first if the line may not fit; a line longer than the buffer on its own). */
  const add = async (line: string) => {
    if (!fits(line)) {
      await flush();
      if (!fits(line)) return send(Buffer.from(`${line}\n`, 'utf8'));
    }
    put(line);
  };
  const put = (line: string) => {
    used += buffer.write(line, used);
    buffer[used++] = 10;
  };
  let stream: Readable | undefined;
  const source = (s: Readable) => {
    stream = s;
    s.setEncoding('utf8');
    return s as AsyncIterable<string>;
  };
  try {
    const chunks =
      'fd' in input
        ? chunksOf(input.fd, () => {
            stream = input.stream();
            return stream as AsyncIterable<Buffer>;
          })
        : source(input);
    for await (const chunk of chunks) {
      if (closed) break;
      const text = pending + chunk;
      let start = 0;
      let nl: number;
      while ((nl = text.indexOf('\n', start)) !== -1) {
        const r = handle(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl), ++n);
        start = nl + 1;
        if (r === null) continue;
        // Nearly every line fits: no await (a million of them cost more than the work) unless one does not.
        if (fits(r)) put(r);
        else {
          await add(r);
          if (closed) break;
        }
      }
      pending = text.slice(start);
      // A short chunk: the input comes as it is typed or made (a terminal, `tail -f`), so are the answers.
      if (chunk.length < READ_SIZE / 2) await flush();
    }
    if (pending !== '' && !closed) {
      const r = handle(pending, ++n);
      if (r !== null) await add(r);
    }
    await flush();
  } finally {
    output.off('error', onError);
    if (closed) stream?.destroy();
  }
  if (failure) throw failure;
}

/**
 * The text of a descriptor, a chunk at a time, read without Node's stream machinery; characters split
 * between chunks are joined. A descriptor that would block (EAGAIN: a non-blocking pipe) is read on
 * through `rest`, a stream of the same descriptor, from where reading stopped.
 */
async function* chunksOf(fd: number, rest: () => AsyncIterable<Buffer>): AsyncIterable<string> {
  const bytes = Buffer.allocUnsafe(READ_SIZE);
  const decoder = new StringDecoder('utf8');
  for (;;) {
    let got: number;
    try {
      got = readSync(fd, bytes, 0, READ_SIZE, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      for await (const more of rest()) yield decoder.write(more);
      break;
    }
    if (got === 0) break;
    yield decoder.write(bytes.subarray(0, got));
  }
  const end = decoder.end();
  if (end) yield end;
}
