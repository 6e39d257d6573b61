import { PassThrough, Readable, Writable } from 'node:stream';
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

it('keeps every byte across many buffers, with non-ASCII text, a line longer than a buffer, and a slow reader', async () => {
  // A writer that keeps each chunk it is given and drains later: a buffer reused too early would show here.
  const chunks: Buffer[] = [];
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      setImmediate(cb);
    },
  });
  const lines = Array.from({ length: 30_000 }, (_, i) => (i % 7 === 0 ? `${i} é 漢字 🙂` : `${i} plain`));
  const huge = 'ü'.repeat(200_000);
  lines.splice(12_345, 0, huge);
  await streamLines(Readable.from([`${lines.join('\n')}\n`]), slow, (line) => `[${line}]`);
  const text = Buffer.concat(chunks).toString('utf8');
  expect(text).toBe(lines.map((l) => `[${l}]\n`).join(''));
  expect(chunks.length).toBeGreaterThan(2);
});
