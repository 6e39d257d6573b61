import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { FdStream } from '../../src/ui/fd-stream.js';
import { streamLines } from '../../src/ui/stream-lines.js';

it('maps lines in order, across chunk boundaries and CRLF', async () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  await streamLines(Readable.from(['a\r\nb', 'c\n\nd']), out, (line, n) => (line === '' ? null : `${n}:${line}`));
  expect(text).toBe('1:a\n2:bc\n4:d\n');
});

it('a write error other than a closed pipe fails the stream instead of escaping it', async () => {
  const broken = new Writable({
    write(_chunk, _enc, cb) {
      cb(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    },
  });
  await expect(streamLines(Readable.from(['a\nb\n']), broken, (l) => l)).rejects.toThrow('disk full');
});

/** A writer that keeps each chunk it is given and drains later: a buffer reused too early would show in `chunks`. */
function keepingWriter(): { slow: Writable; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      setImmediate(cb);
    },
  });
  return { slow, chunks };
}

it('keeps every byte across many buffers, with non-ASCII text, a line longer than a buffer, and a slow reader', async () => {
  const { slow, chunks } = keepingWriter();
  const lines = Array.from({ length: 30_000 }, (_, i) => (i % 7 === 0 ? `${i} é 漢字 🙂` : `${i} plain`));
  const huge = 'ü'.repeat(200_000);
  lines.splice(12_345, 0, huge);
  await streamLines(Readable.from([`${lines.join('\n')}\n`]), slow, (line) => `[${line}]`);
  const text = Buffer.concat(chunks).toString('utf8');
  expect(text).toBe(lines.map((l) => `[${l}]\n`).join(''));
  expect(chunks.length).toBeGreaterThan(2);
});

describe('from a descriptor', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mamx-lines-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const collect = () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    return { out, text: () => text };
  };

  it('reads a file a chunk at a time, characters split between chunks joined', async () => {
    const file = path.join(dir, 'in.txt');
    // 'é' (two bytes) across every 64 KiB boundary somewhere in 300,000 bytes.
    const lines = Array.from({ length: 30_000 }, (_, i) => `${i}é${'x'.repeat(i % 5)}`);
    writeFileSync(file, lines.join('\n'));
    const fd = openSync(file, 'r');
    const { out, text } = collect();
    await streamLines({ fd, stream: () => Readable.from([]) }, out, (line) => `<${line}>`);
    closeSync(fd);
    expect(text()).toBe(lines.map((l) => `<${l}>\n`).join(''));
  });

  it('goes on through the stream when the descriptor would block (a non-blocking pipe), a character split between them kept', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    writeSync(writer, Buffer.from([0x61, 0x0a, 0x62, 0xc3])); // "a\nb" and the first byte of "é"
    const { out, text } = collect();
    let fellBack = false;
    const rest = () => {
      fellBack = true;
      return Readable.from([Buffer.from([0xa9]), Buffer.from('c\nd\n')]);
    };
    await streamLines({ fd: reader, stream: rest }, out, (line, n) => `${n}:${line}`);
    closeSync(writer);
    closeSync(reader);
    expect(fellBack).toBe(true);
    expect(text()).toBe('1:a\n2:béc\n3:d\n');
  });

  describe('to a descriptor, its buffers used again once written', () => {
    /** Where two long texts first differ (-1: they are the same), rather than a diff of megabytes. */
    const firstDifference = (a: string, b: string) => {
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      return i === a.length && i === b.length ? -1 : i;
    };
    const lines = Array.from({ length: 60_000 }, (_, i) => `${i} ${i % 11 === 0 ? 'é漢🙂' : 'x'.repeat(i % 40)}`);
    const expected = lines.map((l) => `[${l}]\n`).join('');
    // Read in chunks of 300 lines: what each makes is written before the next is read.
    const input = () => Readable.from(Array.from({ length: 200 }, (_, i) => `${lines.slice(i * 300, i * 300 + 300).join('\n')}\n`));

    it('to a file: every byte, over many buffers', async () => {
      const file = path.join(dir, 'out.txt');
      const fd = openSync(file, 'w');
      const out = new FdStream(fd, () => new PassThrough());
      await streamLines(input(), out, (line) => `[${line}]`);
      closeSync(fd);
      expect(firstDifference(readFileSync(file, 'utf8'), expected)).toBe(-1);
      expect(Buffer.byteLength(expected)).toBeGreaterThan(4 * 256 * 1024);
    });

    it('to a full non-blocking pipe: what the Node stream was handed is never written over', async () => {
      const fifo = path.join(dir, 'out-fifo');
      execFileSync('mkfifo', [fifo]);
      const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      const { slow, chunks: kept } = keepingWriter();
      const out = new FdStream(writer, () => slow);
      await streamLines(input(), out, (line) => `[${line}]`);
      closeSync(writer); // the reader then gets what the pipe holds, then its end
      const direct: Buffer[] = [];
      const buf = Buffer.alloc(1 << 16);
      for (let n; (n = readSync(reader, buf, 0, buf.length, null)) > 0;) direct.push(Buffer.from(buf.subarray(0, n)));
      closeSync(reader);
      expect(kept.length).toBeGreaterThan(2);
      expect(firstDifference(Buffer.concat([...direct, ...kept]).toString('utf8'), expected)).toBe(-1);
    });
  });
});
