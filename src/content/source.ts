import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { sha256 } from '../util/hash.ts';

/** An article file as read from disk, decoded and normalised, before any parsing. */
export interface ArticleSource {
  /** Path shown in messages (relative to the working directory). */
  readonly file: string;
  /** Path relative to the articles folder, "/"-separated: the story's id. */
  readonly id: string;
  /** Text with BOM removed and line endings normalised to "\n". */
  readonly text: string;
  /** sha256 of the raw bytes: the cache key of everything derived from this file. */
  readonly hash: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decode raw bytes into an ArticleSource. Invalid UTF-8 and empty files are reported at
 * the place they occur; a BOM is dropped and CRLF/CR line endings become LF so positions
 * reported later match what editors show.
 */
export function decodeSource(bytes: Uint8Array, file: string, id: string): ArticleSource | Diagnostic {
  const hash = sha256(bytes);
  if (isUtf16(bytes)) return diagnostic('invalid-utf8', { file }, 'the file is saved as UTF-16, not UTF-8');
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const lines = before.split(/\r\n|\r|\n/);
    return diagnostic(
      'invalid-utf8',
      { file, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 },
      `the file is not valid UTF-8 (bad byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at})`,
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') return diagnostic('empty-article', { file });
  return { file, id, text, hash };
}

/**
 * Saved as UTF-16, as some Windows editors do ("Unicode"): by its byte-order mark, or, with
 * none, by the zero byte beside each ASCII character, which UTF-8 would decode as text.
 */
function isUtf16(bytes: Uint8Array): boolean {
  const [a, b] = bytes;
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return true;
  const pairs = Math.min(bytes.length, 64) >> 1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) even++;
    if (bytes[2 * i + 1] === 0) odd++;
  }
  return pairs >= 2 && (even === pairs || odd === pairs);
}

/** Offset of the first byte that starts an invalid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const size = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (size === 0 || i + size > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + size));
    } catch {
      return i;
    }
    i += size;
  }
  return i;
}
