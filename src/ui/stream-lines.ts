/**
 * Line-by-line transform from a readable to a writable with backpressure: memory stays flat for any
 * input length. Lines are encoded into output buffers a few dozen at a time (joining a million small
 * strings and then encoding the result took a third of a batch's time); what a chunk of input made is written
 * before the next chunk is read, so lines typed at a terminal or fed slowly are answered as they come.
 * EPIPE (the reader went away, e.g. `| head`) ends quietly; any other write error ends the stream and
 * is raised to the command.
 */
import { readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { OutStream } from './fd-stream.js';

/** A stream, or a descriptor read directly with the stream to go on with if it would block. */
export type LineInput = Readable | { fd: number; stream: () => Readable };

const READ_SIZE = 64 * 1024;
const BUFFER_SIZE = 256 * 1024;
const LINES_PER_WRITE = 32;
/** UTF-8 takes at most 3 bytes for each UTF-16 code unit (4 for a surrogate pair, 2 units). */
const MAX_BYTES_PER_UNIT = 3;

/** Output text encoded as UTF-8 into large buffers. */
class LineBuffers {
  private buffer: Buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  private used = 0;
  private done: Buffer[] = [];
  private spare: Buffer[] = [];

  add(text: string): void {
    if (text.length * MAX_BYTES_PER_UNIT > BUFFER_SIZE - this.used) {
      this.cut();
      // Longer than a buffer: a buffer of its own.
      if (text.length * MAX_BYTES_PER_UNIT > BUFFER_SIZE) {
        this.done.push(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  /** The bytes so far, in order; a fresh buffer is started (a stream may keep what it was given until it drains). */
  take(): Buffer[] {
    this.cut();
    const out = this.done;
    this.done = [];
    return out;
  }

  /**
   * Bytes from take() that the stream no longer holds (they left the process): their buffer is used
   * again, where a fresh one for each 256 KiB written kept 8 MB more memory waiting to be collected.
   */
  reuse(bytes: Buffer): void {
    if (bytes.byteOffset === 0 && bytes.buffer.byteLength === BUFFER_SIZE && this.spare.length < 4) {
      this.spare.push(Buffer.from(bytes.buffer, 0, BUFFER_SIZE));
    }
  }

  private cut(): void {
    if (this.used === 0) return;
    this.done.push(this.buffer.subarray(0, this.used));
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(BUFFER_SIZE);
    this.used = 0;
  }
}

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
  /** Writes what the lines so far made, waiting for the stream to drain if it asks to. */
  const flush = async () => {
    for (const bytes of out.take()) {
      if (closed) continue;
      const more = output.write(bytes);
      if (output.writesThrough === true) out.reuse(bytes);
      if (more || closed) continue;
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
  const out = new LineBuffers();
  // The stream, once there is one: a descriptor falls back to it only if it would block.
  let stream: Readable | undefined;
  const chunks =
    'fd' in input
      ? chunksOf(input.fd, () => (stream = input.stream()) as AsyncIterable<Buffer>)
      : ((stream = input).setEncoding('utf8') as AsyncIterable<string>);
  let pending = '';
  let n = 0;
  try {
    for await (const chunk of chunks) {
      if (closed) break;
      const text = pending + chunk;
      let start = 0;
      let nl: number;
      // Lines are joined in groups of LINES_PER_WRITE, then encoded: one encoding call per line cost a
      // sixth of a batch; a few dozen lines at a time halve it, where far more (a chunk's) cost more.
      let group = '';
      let grouped = 0;
      while ((nl = text.indexOf('\n', start)) !== -1) {
        const r = handle(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl), ++n);
        start = nl + 1;
        if (r === null) continue;
        group = group + r + '\n'; // + rather than a template: see notExemptLine in json-line.ts
        if (++grouped === LINES_PER_WRITE) {
          out.add(group);
          group = '';
          grouped = 0;
        }
      }
      out.add(group);
      pending = text.slice(start);
      await flush();
    }
    if (pending !== '' && !closed) {
      const r = handle(pending, ++n);
      if (r !== null) out.add(`${r}\n`);
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
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') break; // a Windows pipe's end (nodejs/node#35997)
      if (code !== 'EAGAIN') throw e;
      for await (const more of rest()) yield decoder.write(more);
      break;
    }
    if (got === 0) break;
    yield decoder.write(bytes.subarray(0, got));
  }
  const end = decoder.end();
  if (end) yield end;
}
