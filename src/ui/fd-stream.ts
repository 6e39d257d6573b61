/**
 * stdout and stderr as mamx writes them: with fs.writeSync on the file descriptor. Node's own
 * process.stdout loads its stream machinery (net, stream, tty) on first touch, 2-3 ms of every start
 * for a CLI that prints a few lines. The first write that the descriptor refuses for now (EAGAIN: a
 * non-blocking pipe) hands this and every later write to Node's stream, so the order is kept; a
 * reader that went away (EPIPE, `| head`) ends the output quietly, or through an 'error' listener.
 */
import { EventEmitter } from 'node:events';
import { fstatSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';

/** What mamx needs of stdout or stderr: a Node Writable (tests pass PassThrough) or an FdStream. */
export interface OutStream {
  write(chunk: string | Uint8Array): boolean;
  /** True while every write so far left the process before write() returned: a chunk written may be reused. */
  readonly writesThrough?: boolean;
  readonly isTTY?: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Node's own listener type
  on(event: string, listener: (...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Node's own listener type
  off(event: string, listener: (...args: any[]) => void): unknown;
}

export class FdStream extends EventEmitter implements OutStream {
  private node: Writable | undefined;
  private closed = false;
  private tty: boolean | undefined;

  constructor(
    private readonly fd: number,
    private readonly nodeStream: () => Writable,
  ) {
    super();
  }

  /** Whether the descriptor is a terminal. A file, pipe or /dev/null is told apart without loading node:tty. */
  get isTTY(): boolean {
    if (this.tty === undefined) {
      let st;
      try {
        st = fstatSync(this.fd);
      } catch {
        return (this.tty = false);
      }
      this.tty = st.isCharacterDevice() && st.rdev !== devNullRdev() && isatty(this.fd);
    }
    return this.tty;
  }

  get writesThrough(): boolean {
    return this.node === undefined;
  }

  /** Node's stream for the descriptor (for Inquirer.js); every later write goes through it too. */
  stream(): Writable {
    if (!this.node) {
      this.node = this.nodeStream();
      for (const event of ['drain', 'close', 'error'] as const) this.node.on(event, (...args: unknown[]) => this.emit(event, ...args));
    }
    return this.node;
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.closed) return false;
    if (this.node) return this.node.write(chunk);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let done = 0;
    while (done < bytes.length) {
      try {
        done += writeSync(this.fd, bytes, done, bytes.length - done);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return this.stream().write(bytes.subarray(done));
        this.closed = true;
        if (this.listenerCount('error') > 0) this.emit('error', e);
        else if (code !== 'EPIPE') throw e;
        return false;
      }
    }
    return true;
  }
}

let devNull: number | undefined;
function devNullRdev(): number {
  try {
    return (devNull ??= statSync('/dev/null').rdev);
  } catch {
    return -1;
  }
}

/** node:tty's check, loaded only for a character device that may be a terminal (a getter cannot await an import). */
function isatty(fd: number): boolean {
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}

/** A Node stream for an output, for libraries that need one (Inquirer.js). */
export function nodeStreamOf(out: OutStream): Writable {
  return out instanceof FdStream ? out.stream() : (out as unknown as Writable);
}
