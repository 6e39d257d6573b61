/** FdStream on real pipes (FIFOs): plain writes, a full non-blocking pipe, a reader that went away. */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { FdStream } from '../../src/ui/fd-stream.js';
import { tempDir } from '../helpers.js';

function fifo(): string {
  const p = path.join(tempDir(), 'pipe');
  expect(spawnSync('mkfifo', [p]).status).toBe(0);
  return p;
}

function drain(fd: number): Buffer {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch {
      break; // EAGAIN: empty for now
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

it('writes to the descriptor, and is not a terminal', () => {
  const p = fifo();
  const reader = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(p, constants.O_WRONLY | constants.O_NONBLOCK);
  const out = new FdStream(writer, () => new PassThrough());
  expect(out.write('héllo\n')).toBe(true);
  expect(out.isTTY).toBe(false);
  expect(drain(reader).toString()).toBe('héllo\n');
  closeSync(writer);
  closeSync(reader);
});

it('a full non-blocking pipe hands the rest, and every later write, to the Node stream, in order', () => {
  const p = fifo();
  const reader = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(p, constants.O_WRONLY | constants.O_NONBLOCK);
  const node = new PassThrough();
  const out = new FdStream(writer, () => node);
  const big = 'x'.repeat(1 << 20); // far more than a pipe holds
  out.write(big);
  out.write('after\n');
  const direct = drain(reader).toString();
  const handed = String(node.read() ?? '');
  expect(direct.length).toBeGreaterThan(0);
  expect(direct + handed).toBe(`${big}after\n`);
  closeSync(writer);
  closeSync(reader);
});

it('a reader that went away (EPIPE) ends the output quietly, or through an error listener', () => {
  const p = fifo();
  const reader = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(p, constants.O_WRONLY | constants.O_NONBLOCK);
  closeSync(reader);
  const quiet = new FdStream(writer, () => new PassThrough());
  expect(quiet.write('lost\n')).toBe(false);
  expect(quiet.write('more\n')).toBe(false);
  const heard: string[] = [];
  const listened = new FdStream(writer, () => new PassThrough());
  listened.on('error', (e: NodeJS.ErrnoException) => heard.push(e.code ?? ''));
  listened.write('lost\n');
  expect(heard).toEqual(['EPIPE']);
  closeSync(writer);
});
