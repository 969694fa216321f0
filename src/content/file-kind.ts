import { open } from 'node:fs/promises';

/**
 * What a file in the articles folder that is neither an article nor a picture by its name
 * turns out to be, from its name and first bytes. Such files are copied to the output as
 * they are (PDFs, audio), except these, which are withheld:
 *
 * - `article`: it begins with front matter, an article saved under another name
 *   (`budget.md.txt`), a draft's or an embargoed story's text;
 * - `picture`: a JPEG, PNG, GIF, WebP, TIFF, HEIF/AVIF, BMP, ICO or JPEG XL under a name
 *   the photo stage does not read (`holiday.jpe`), which would go out with the camera's
 *   GPS position and serial number;
 * - `active`: a page, script or XML document (`.html`, `.js`, `.xml`…), which served from
 *   the site's own origin runs script past its Content-Security-Policy (`script-src
 *   'self'`). Files a site's developers vouch for belong in `public/`;
 * - `name`: a name with a control character or a backslash, which no URL can name.
 */
export type WithheldKind = 'article' | 'picture' | 'active' | 'name';

/** Extensions of files a browser runs or renders as a document of the site. */
const ACTIVE = /\.(html?|xhtml?|shtml|xml|xsl|xslt|js|mjs|cjs|swf)$/i;

/** Bytes read from the start of each file: enough for every signature below. */
const HEAD_BYTES = 16;

/** A control character or a backslash: no URL can name such a file, nor can it be written. */
export const UNSAFE_NAME = /[\u0000-\u001f\u007f\\]/;

/** What a build says of a file under such a name (in the articles folder or public/). */
export const UNSAFE_NAME_TOLD = {
  reason: 'has a control character or a backslash in its name, which no URL can hold: it is not published',
  hint: 'Rename it without tabs, line breaks or backslashes.',
};

export async function withheldKind(file: string, name: string): Promise<WithheldKind | undefined> {
  if (UNSAFE_NAME.test(name)) return 'name';
  if (ACTIVE.test(name)) return 'active';
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

/** A `---` line first (after a byte-order mark), as an article's front matter opens. */
const beginsWithFrontMatter = (head: Buffer): boolean => /^(\uFEFF)?---[ \t]*\r?\n/.test(head.toString('utf8'));

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
    at(0, 0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20) // JPEG XL container
  );
}
