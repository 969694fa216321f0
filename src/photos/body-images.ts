import { decodeNamedCharacterReference } from 'decode-named-character-reference';

/** An `<img>` start tag of a story body: where it is in the HTML, and its attributes, decoded. */
export interface ImgTag {
  /** Index of its `<`. */
  readonly start: number;
  /** Index just after its `>`. */
  readonly end: number;
  readonly attributes: ReadonlyMap<string, string>;
}

/**
 * Elements whose content is not read as markup (raw text) or is foreign (SVG, MathML,
 * where an `<img>` ends the foreign element): a body holding one is left to the HTML parser.
 */
const NOT_PLAIN = new Set([
  'iframe',
  'math',
  'noembed',
  'noframes',
  'noscript',
  'plaintext',
  'script',
  'style',
  'svg',
  'template',
  'textarea',
  'title',
  'xmp',
]);

/**
 * The `<img>` tags of a body as the Markdown stage serialized it (rehype-stringify: lower-case
 * names, every attribute value in double quotes, `"` and `&` written as references, `<` in
 * text as `&lt;`), read tag by tag without building a tree. Parsing the whole body to find
 * them took most of the photo stage's own time. Anything that stringify does not write
 * (an unquoted, repeated or upper-case attribute, an unknown reference, a comment, an
 * element of raw text or foreign content) gives undefined: the caller parses the body instead.
 */
export function imgTags(html: string): ImgTag[] | undefined {
  const tags: ImgTag[] = [];
  let at = html.indexOf('<');
  while (at !== -1) {
    let next: number;
    // A comment (sanitizing removes them) or a doctype: HTML's rules for those are not followed here.
    if (html[at + 1] === '!') return undefined;
    if (html[at + 1] === '/') {
      // stringify writes end tags as `</name>`, with nothing inside that holds a `>`.
      const close = html.indexOf('>', at);
      if (close === -1) return undefined;
      next = close + 1;
    } else {
      const tag = startTag(html, at);
      if (!tag || NOT_PLAIN.has(tag.name)) return undefined;
      if (tag.name === 'img') tags.push({ start: at, end: tag.end, attributes: tag.attributes });
      next = tag.end;
    }
    at = html.indexOf('<', next);
  }
  return tags;
}

const NAME = /[a-z][a-z0-9-]*/y;
const ATTRIBUTE = /[a-z][a-z0-9_.:-]*/y;
const SPACE = /[ \t\n\f\r]*/y;

/** The start tag at `at`: its name, attributes and end; undefined when stringify would not write it so. */
function startTag(
  html: string,
  at: number,
): { name: string; attributes: Map<string, string>; end: number } | undefined {
  const name = match(NAME, html, at + 1);
  if (name === undefined) return undefined;
  const attributes = new Map<string, string>();
  let i = at + 1 + name.length;
  for (;;) {
    i += match(SPACE, html, i)!.length;
    if (html[i] === '>') return { name, attributes, end: i + 1 };
    if (html.startsWith('/>', i)) return { name, attributes, end: i + 2 };
    const key = match(ATTRIBUTE, html, i);
    if (key === undefined || attributes.has(key)) return undefined;
    i += key.length;
    if (html[i] !== '=') {
      attributes.set(key, '');
      continue;
    }
    if (html[i + 1] !== '"') return undefined;
    const close = html.indexOf('"', i + 2);
    if (close === -1) return undefined;
    const value = decodeReferences(html.slice(i + 2, close));
    if (value === undefined) return undefined;
    attributes.set(key, value);
    i = close + 1;
  }
}

function match(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** Code points a numeric reference stands for as it is: not controls (HTML maps 0x80–0x9F to others), surrogates or beyond Unicode. */
const plainCodePoint = (code: number): boolean =>
  code === 0x09 ||
  code === 0x0a ||
  code === 0x0d ||
  (code >= 0x20 && code < 0x7f) ||
  (code >= 0xa0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff));

const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z][a-zA-Z0-9]*));/g;

/**
 * An attribute value with its character references decoded. An `&` that does not start a
 * reference ending in `;`, or a reference HTML reads as another character, gives undefined: HTML reads
 * some of those in ways this does not follow.
 */
function decodeReferences(value: string): string | undefined {
  if (!value.includes('&')) return value;
  let out = '';
  let last = 0;
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(value); m; m = REFERENCE.exec(value)) {
    if (value.slice(last, m.index).includes('&')) return undefined;
    let decoded: string | false;
    if (m[3] !== undefined) decoded = decodeNamedCharacterReference(m[3]);
    else {
      const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
      decoded = plainCodePoint(code) ? String.fromCodePoint(code) : false;
    }
    if (decoded === false) return undefined;
    out += value.slice(last, m.index) + decoded;
    last = m.index + m[0].length;
  }
  const rest = value.slice(last);
  return rest.includes('&') ? undefined : out + rest;
}
