/**
 * The one way mamx reads a file it did not write itself (policy, `extends`, catalog, config): a
 * regular file only (a FIFO would block forever, a device would never end), no larger than a
 * ceiling, and UTF-8 only (a Latin-1 file decoded leniently would be rewritten with U+FFFD).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { isMamxError, MamxError, type ErrorCode } from '../errors.js';

/** Far above any real policy (100,000 exceptions with metadata take about 8 MiB). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export interface ReadSpec {
  /** What the file is, for messages: "policy file", "catalog", "configuration file". */
  what: string;
  /** The error code for a file that exists but cannot be used. */
  code: ErrorCode;
  /** The error code for a file that does not exist. */
  missingCode?: ErrorCode;
  missingHint?: string;
  maxBytes?: number;
  /** Also UTF-16 (little or big endian, with a byte-order mark or without): exports from Windows tools. */
  utf16?: boolean;
}

export interface ReadText {
  text: string;
  /** The bytes as read, to compare with the file just before it is replaced. */
  bytes: Buffer;
  stat: Stats;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function readTextFile(file: string, spec: ReadSpec): ReadText {
  const max = spec.maxBytes ?? MAX_FILE_BYTES;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw openError(e, file, spec);
  }
  try {
    const stat = fstatSync(fd);
    assertRegular(file, stat, spec);
    if (stat.size > max) throw tooLarge(file, stat.size, max, spec);
    // Read one byte more than the size says: a file that grows meanwhile is caught, not cut.
    const buffer = Buffer.allocUnsafe(stat.size + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length)
        throw new MamxError(spec.code, `${file}: the ${spec.what} changed size while being read`, 'run the command again');
    }
    const bytes = buffer.subarray(0, length);
    const utf16 = spec.utf16 ? utf16Of(bytes) : undefined;
    return { text: utf16 ? decodeUtf16(file, bytes, utf16, spec) : decodeUtf8(file, bytes, spec), bytes, stat };
  } catch (e) {
    if (isMamxError(e)) throw e;
    throw openError(e, file, spec);
  } finally {
    closeSync(fd);
  }
}

/** For a path about to be locked and written: a regular file, or nothing yet. Never waits. */
export function assertRegularOrMissing(file: string, spec: ReadSpec): void {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw openError(e, file, spec);
  }
  assertRegular(file, stat, spec);
}

function assertRegular(file: string, stat: Stats, spec: ReadSpec): void {
  if (stat.isFile()) return;
  const kind = stat.isDirectory()
    ? 'a directory'
    : stat.isFIFO()
      ? 'a named pipe (FIFO)'
      : stat.isCharacterDevice() || stat.isBlockDevice()
        ? 'a device'
        : stat.isSocket()
          ? 'a socket'
          : 'not a regular file';
  throw new MamxError(spec.code, `${file}: is ${kind}, not a ${spec.what}`, `give the path of a regular ${spec.what}`);
}

function tooLarge(file: string, size: number, max: number, spec: ReadSpec): MamxError {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return new MamxError(spec.code, `${file}: is ${mib(size)}; mamx reads a ${spec.what} of at most ${mib(max)}`, 'is this the right file?');
}

function decodeUtf8(file: string, bytes: Buffer, spec: ReadSpec): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at).toString('utf8');
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    const byte = bytes[at]?.toString(16).toUpperCase().padStart(2, '0') ?? '??';
    throw new MamxError(
      spec.code,
      `${file}:${line}:${col}: not UTF-8 (byte 0x${byte}); mamx reads and writes UTF-8 only, so it leaves this file as it is`,
      'convert it, e.g. iconv -f latin1 -t utf-8',
    );
  }
}

/** UTF-16 by its byte-order mark, or by the zero bytes of ASCII text without one; undefined for anything else. */
function utf16Of(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  if (bytes[0] !== 0 && bytes[1] === 0) return 'utf-16le';
  if (bytes[0] === 0 && bytes[1] !== 0) return 'utf-16be';
  return undefined;
}

function decodeUtf16(file: string, bytes: Buffer, encoding: 'utf-16le' | 'utf-16be', spec: ReadSpec): string {
  try {
    // The text is returned without its byte-order mark: a reader of the text never sees it.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new MamxError(spec.code, `${file}: not valid ${encoding.toUpperCase()}`, 'save the file again as UTF-8 or UTF-16');
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // The decoder accepts every valid prefix: bisect on the longest one.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (validPrefix(bytes.subarray(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  // A lead byte whose sequence the byte at `lo` broke is the one to name.
  for (let i = lo - 1; i >= Math.max(0, lo - 3); i--) {
    if (bytes[i]! >= 0xc0) return i;
    if (bytes[i]! < 0x80) break;
  }
  return lo;
}

function validPrefix(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function openError(e: unknown, file: string, spec: ReadSpec): MamxError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new MamxError(spec.missingCode ?? spec.code, `${file}: no such ${spec.what}`, spec.missingHint);
  if (code === 'EACCES' || code === 'EPERM') return new MamxError(spec.code, `${file}: permission denied`);
  if (code === 'EISDIR') return new MamxError(spec.code, `${file}: is a directory, not a ${spec.what}`);
  if (code === 'ENOTDIR') return new MamxError(spec.missingCode ?? spec.code, `${file}: a part of the path is not a folder`);
  return new MamxError(spec.code, `${file}: cannot read the ${spec.what}: ${(e as Error).message}`);
}
