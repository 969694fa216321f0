import { open } from 'node:fs/promises';

/**
 * What a file in the articles folder that is neither an article nor a picture by its name
 * turns out to be, from its name and first bytes. Such files are copied to the output as
 * they are when they are of a kind a newsroom attaches to stories and a browser does not
 * run (`ATTACHMENTS`: documents, data, archives, audio, subtitles). Withheld:
 *
 * - `article`: it begins with front matter, an article saved under another name
 *   (`budget.md.txt`), a draft's or an embargoed story's text;
 * - `picture`: a JPEG, PNG, GIF, WebP, TIFF (and camera raw), HEIF/AVIF, BMP, ICO, JPEG
 *   XL, JPEG 2000 or Photoshop file under another name (`holiday.jpe`), which would go out
 *   with the camera's GPS position and serial number;
 * - `kind`: any other kind of file. A page, script or XML document (`.html`, `.js`,
 *   `.xht`, `.kml`…) served from the site's own origin runs script past its
 *   Content-Security-Policy (`script-src 'self'`), and there are too many such types to
 *   list: an allow-list is what holds. A video keeps its camera's metadata. Files a site's
 *   developers vouch for belong in `public/`;
 * - `name`: a path with a control character, a backslash or a bidirectional control
 *   character (`a\u202Elmth.txt`), which no URL can hold or shows otherwise than it is.
 */
export type WithheldKind = 'article' | 'picture' | 'kind' | 'name';

/** Extensions of the files copied from the articles folder as they are. */
export const ATTACHMENTS = [
  ...['pdf', 'txt', 'csv', 'tsv', 'json', 'geojson', 'rtf', 'epub', 'ics', 'vtt', 'srt'],
  ...['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp'],
  ...['zip', 'gz', 'tgz', 'tar', '7z'],
  ...['mp3', 'm4a', 'aac', 'oga', 'ogg', 'opus', 'wav', 'flac'],
] as const;

const ATTACHMENT = new RegExp(`\\.(${ATTACHMENTS.join('|')})$`, 'i');

/** Bytes read from the start of each file: enough for every signature below. */
const HEAD_BYTES = 16;

/**
 * A control character, a backslash or a bidirectional control: no URL can name such a
 * file, nor can it be written, or its name reads otherwise than it is.
 */
export const UNSAFE_NAME = /[\u0000-\u001f\u007f\\\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A name as messages show it: such characters escaped (`\\t`, `\\u202e`), on one line that reads as it is. */
export const shownName = (name: string): string =>
  JSON.stringify(name)
    .slice(1, -1)
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** What a build says of a file under such a name (in the articles folder or public/). */
export const UNSAFE_NAME_TOLD = {
  reason: 'has a control character, a backslash or a bidirectional control in its name: it is not published',
  hint: 'Rename it without tabs, line breaks, backslashes or direction marks.',
};

/** Why a file of the articles folder (`rel`, relative to it) is withheld, if it is. */
export async function withheldKind(file: string, rel: string): Promise<WithheldKind | undefined> {
  if (UNSAFE_NAME.test(rel)) return 'name';
  if (!ATTACHMENT.test(rel)) return 'kind';
  const head = await firstBytes(file);
  if (!head) return undefined;
  if (beginsWithFrontMatter(head)) return 'article';
  if (pictureSignature(head)) return 'picture';
  return undefined;
}

async function firstBytes(file: string): Promise<Buffer | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * A `---` line first (after a byte-order mark), as an article's front matter opens;
 * gray-matter takes a language after the dashes (`---yaml`).
 */
const beginsWithFrontMatter = (head: Buffer): boolean => /^(\uFEFF)?---[a-z]*[ \t]*\r?\n/.test(head.toString('utf8'));

/** The picture formats' signatures, as their specifications give them. */
function pictureSignature(b: Buffer): boolean {
  const at = (offset: number, ...bytes: number[]) => bytes.every((x, i) => b[offset + i] === x);
  const ascii = (offset: number, text: string) => b.toString('latin1', offset, offset + text.length) === text;
  return (
    at(0, 0xff, 0xd8, 0xff) || // JPEG
    at(0, 0x89, 0x50, 0x4e, 0x47) || // PNG
    ascii(0, 'GIF8') ||
    (ascii(0, 'RIFF') && ascii(8, 'WEBP')) ||
    at(0, 0x49, 0x49, 0x2a, 0x00) || // TIFF, little-endian (and most camera raw files)
    at(0, 0x4d, 0x4d, 0x00, 0x2a) || // TIFF, big-endian
    (ascii(4, 'ftyp') && /^(heic|heix|hevc|heim|heis|mif1|msf1|avif|avis)$/.test(b.toString('latin1', 8, 12))) ||
    (ascii(0, 'BM') && at(6, 0, 0, 0, 0)) || // BMP: its size, then four reserved zero bytes
    at(0, 0x00, 0x00, 0x01, 0x00) || // ICO
    at(0, 0xff, 0x0a) || // JPEG XL codestream
    at(0, 0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20) || // JPEG XL container
    at(0, 0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20) || // JPEG 2000
    ascii(0, '8BPS') || // Photoshop
    ascii(0, 'IIRO') || // Olympus raw
    at(0, 0x49, 0x49, 0x55, 0x00) || // Panasonic raw
    ascii(0, 'FUJIFILM') || // Fujifilm raw
    (ascii(4, 'ftyp') && /^(mif2|crx |jp2 |qt {2})$/.test(b.toString('latin1', 8, 12))) // HEIF, Canon raw, JPEG 2000, QuickTime
  );
}
