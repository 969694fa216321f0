import { isAscii } from 'node:buffer';
import { open, readFile } from 'node:fs/promises';
import { sha256 } from './hash.ts';

/**
 * Read and parse a JSON file. A file of ASCII bytes (the output manifest, nearly always)
 * is decoded as Latin-1, which gives V8 one flat string at once; reading with 'utf8'
 * decodes it chunk by chunk into a string of many pieces that JSON.parse must first copy
 * into one. Any other file is decoded as UTF-8.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  return parseBytes(await readFile(file));
}

/** readJsonFile() with the SHA-256 of the file's bytes: what identifies that version of it. */
export async function readJsonFileDigest(file: string): Promise<{ value: unknown; sha256: string }> {
  const bytes = await readFile(file);
  return { value: parseBytes(bytes), sha256: sha256(bytes) };
}

const parseBytes = (bytes: Buffer): unknown => JSON.parse(bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'));

/**
 * Parse a JSON Lines file (one JSON value per line) value by value, through one buffer
 * of a megabyte or so that is reused from line to line; `each` returns false to stop.
 * Reading a large file whole costs its size twice over in fresh memory (the bytes, then
 * the string), and memory touched for the first time is dear (docs/performance.md).
 */
export async function readJsonLines(file: string, each: (value: unknown) => boolean | void): Promise<void> {
  const handle = await open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(LINES_CHUNK);
    let filled = 0;
    for (;;) {
      // A line longer than the buffer: read on into one twice the size.
      if (filled === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      filled += bytesRead;
      const view = buffer.subarray(0, filled);
      let start = 0;
      for (let end = view.indexOf(NEWLINE, start); end !== -1; end = view.indexOf(NEWLINE, start)) {
        if (each(JSON.parse(view.toString('utf8', start, end))) === false) return;
        start = end + 1;
      }
      if (bytesRead === 0) {
        if (start < filled) each(JSON.parse(view.toString('utf8', start, filled)));
        return;
      }
      buffer.copyWithin(0, start, filled);
      filled -= start;
    }
  } finally {
    await handle.close();
  }
}

const LINES_CHUNK = 1 << 20;
const NEWLINE = 0x0a;
