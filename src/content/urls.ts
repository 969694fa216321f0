/**
 * URL safety for values that come from article front matter. Everything written into a
 * page goes through hast and is escaped there; this module stops the values that are
 * dangerous even when escaped: `javascript:` links, and paths that climb out of `dist/`.
 */

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** Does the value name a scheme (`javascript:`, `data:`, `https:`…), after decoding tricks? */
function schemeOf(value: string): string | undefined {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  return match ? `${match[1]!.toLowerCase()}:` : undefined;
}

/** A link target from front matter: http(s)/mailto URLs, or site-relative paths. */
export function isSafeUrl(value: string): boolean {
  const scheme = schemeOf(value);
  if (scheme) return SAFE_SCHEMES.has(scheme);
  return !value.startsWith('//') && !/^\s*$/.test(value);
}

/** Absolute http(s) URL? */
export const isHttpUrl = (value: string): boolean => {
  const scheme = schemeOf(value);
  return scheme === 'http:' || scheme === 'https:';
};

/**
 * A picture's `http://` address as the `https://` one a page served over https asks for
 * (browsers upgrade or block such pictures); undefined for any other.
 */
export const upgradedPicture = (src: string): string | undefined =>
  /^http:\/\//i.test(src) ? `https://${src.slice('http://'.length)}` : undefined;

/** The reason given for a picture published at its https address (`upgradedPicture`). */
export const upgradedReason = (src: string, secure: string): string =>
  `picture "${src}" is published as ${secure}: pages served over https load no http pictures`;

/** The longest path segment, in UTF-8 bytes: file systems refuse names over 255. */
export const MAX_SEGMENT_BYTES = 200;

/**
 * Normalise a site path such as an alias (`/old/url/`, `old/url`, `/old.html`,
 * `/blog/node.js/`) into "/old/url/" form (a last segment with an extension and no closing
 * slash stays a file), or return undefined if it is not a plain path inside the site:
 * schemes, hosts, `..`, backslashes, control characters, redirect wildcards (`*`, `:name`),
 * segments too long for a file name, and percent-encoded versions of any of them are refused.
 */

export function safeSitePath(value: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  if (decoded !== value && safeSitePath(decoded) === undefined) return undefined;
  if (schemeOf(value) || value.startsWith('//') || /[\\\u0000-\u001f\u007f?#]/.test(decoded)) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.length === 0) return undefined;
  // No "*" and no segment that starts with ":": in _redirects they are a splat and a
  // placeholder, which would catch URLs the path never named (`/*` catches the whole site).
  if (
    segments.some((s) => s === '.' || s === '..' || s.startsWith(':') || !/^[\p{L}\p{N}._~!$&'()+,;=:@%-]+$/u.test(s))
  )
    return undefined;
  // A first segment like a drive letter ("c:x") is a path on another disk to Windows.
  if (/^[a-z]:/i.test(segments[0]!)) return undefined;
  // A segment longer than a file name may be cannot be written as a folder.
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) return undefined;
  const last = segments.at(-1)!;
  // A path written with its closing slash is a folder, dots or not: an old post at
  // "/blog/…-at-change.org/" keeps that URL, not "…-at-change.org" as if it were a file.
  const isFile = !decoded.endsWith('/') && /\.[a-z0-9]+$/i.test(last);
  return `/${segments.join('/')}${isFile ? '' : '/'}`;
}

/** Characters a URL may hold as they are (and "%", when it starts an escape). */
const URL_AS_IS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]*$/;

/**
 * A URL or site path with every character a URL may not hold percent-encoded (spaces,
 * quotes, non-ASCII letters, a "%" that starts no escape), and nothing else changed:
 * "/Customer Experience/" → "/Customer%20Experience/", "/caf%C3%A9/" stays as it is.
 */
export function encodeUrl(value: string): string {
  if (URL_AS_IS.test(value)) return value;
  return value.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]%]+/g, (run) => {
    if (run === '%') return '%25';
    // A lone surrogate cannot be encoded: it stands for a character that was lost anyway.
    return encodeURIComponent(
      run.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
    );
  });
}
