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
