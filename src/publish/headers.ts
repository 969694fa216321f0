import type { ResolvedConfig } from '../config/config.ts';
import { defaultPolicy } from './csp.ts';
import { MANIFEST_PATH } from '../output/manifest.ts';
import { PHOTO_DIR } from '../photos/store.ts';

/** One block of a `_headers` file: a URL pattern and the headers its responses get. */
export interface HeaderRule {
  readonly pattern: string;
  readonly headers: readonly (readonly [name: string, value: string])[];
  /** Line of the pattern in the file (1-based), for messages. */
  readonly line: number;
}

/** Where `_headers` lives in the output. Netlify and Cloudflare Pages read it; other hosts ignore it. */
export const HEADERS_FILE = '_headers';

/**
 * Folders of content-addressed files, the only ones that may be cached forever: layout
 * assets, and the photo files (named by the hash of their source and settings).
 */
const IMMUTABLE_FOLDERS: ReadonlySet<string> = new Set(['assets', PHOTO_DIR]);

/**
 * The site's `_headers` rules. Hosts disagree on what happens when two rules set the same
 * header for one URL (Cloudflare Pages joins the values with a comma, Netlify keeps the
 * later one), so no two rules here set the same header for one URL: security headers
 * come from a rule for every path, and Cache-Control from one rule per top-level entry of
 * the output (a handful: years, sections, tags, feeds), long for `assets/` and `_photos/`, short for the rest.
 */
export function headerRules(config: ResolvedConfig, outputFiles: Iterable<string>): HeaderRule[] {
  const base = config.basePath;
  const security: [string, string][] = [
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ];
  const policy = config.headers.contentSecurityPolicy ?? defaultPolicy(config);
  if (policy !== '') security.push(['Content-Security-Policy', policy]);
  const rules: HeaderRule[] = [{ pattern: `${base}*`, headers: security, line: 0 }];

  const files = new Set<string>();
  // The manifest is written last, after this file: its folder is always there.
  const folders = new Set<string>([MANIFEST_PATH.slice(0, MANIFEST_PATH.indexOf('/'))]);
  for (const rel of outputFiles) {
    const slash = rel.indexOf('/');
    if (slash === -1) files.add(rel);
    else folders.add(rel.slice(0, slash));
  }
  const short: [string, string][] = [['Cache-Control', config.headers.cacheControl]];
  for (const folder of [...folders].sort()) {
    const long = IMMUTABLE_FOLDERS.has(folder);
    rules.push({
      pattern: `${base}${folder}/*`,
      headers: long ? [['Cache-Control', config.headers.immutableCacheControl]] : short,
      line: 0,
    });
  }
  for (const file of [...files].sort()) {
    // The host reads these itself and never serves them.
    if (file === HEADERS_FILE || file === '_redirects') continue;
    rules.push({ pattern: `${base}${file}`, headers: short, line: 0 });
    // The front page is asked for as the folder, not as index.html.
    if (file === 'index.html') rules.push({ pattern: base, headers: short, line: 0 });
  }
  return rules;
}

export function renderHeaders(rules: readonly HeaderRule[]): string {
  const lines = [
    '# Response headers for Netlify and Cloudflare Pages, written by Broadsheet.',
    '# See docs/publishing.md in its repository; set `headers` in broadsheet.config.ts to change them.',
  ];
  for (const rule of rules) {
    lines.push(rule.pattern);
    for (const [name, value] of rule.headers) lines.push(`  ${name}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Read a `_headers` file; problems are returned with their line, never thrown. */
export function parseHeaders(text: string): { rules: HeaderRule[]; problems: { line: number; message: string }[] } {
  const rules: { pattern: string; headers: [string, string][]; line: number }[] = [];
  const problems: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    if (!/^\s/.test(raw)) {
      const pattern = raw.trim();
      if (!pattern.startsWith('/') && !/^https:\/\//.test(pattern))
        problems.push({ line, message: `"${pattern}" is not a path (it must start with "/")` });
      rules.push({ pattern, headers: [], line });
      return;
    }
    const current = rules.at(-1);
    const colon = raw.indexOf(':');
    if (!current) problems.push({ line, message: 'a header comes before any path' });
    else if (raw.trim().startsWith('!')) current.headers.push([raw.trim().slice(1).trim(), '']);
    else if (colon === -1) problems.push({ line, message: `"${raw.trim()}" is not a "Name: value" header` });
    else current.headers.push([raw.slice(0, colon).trim(), raw.slice(colon + 1).trim()]);
  });
  return { rules, problems };
}

/** Does a `_headers` pattern (with `*` splats and `:placeholders`) match a URL path? */
export function matchesPattern(pattern: string, urlPath: string): boolean {
  const path = pattern.replace(/^https:\/\/[^/]+/, '');
  const source = path
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(urlPath);
}

/** The headers a URL path gets: every matching rule applies, a later rule's value of a header replacing an earlier one's. */
export function headersFor(rules: readonly HeaderRule[], urlPath: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of rules) {
    if (!matchesPattern(rule.pattern, urlPath)) continue;
    for (const [name, value] of rule.headers) {
      if (value === '') out.delete(name.toLowerCase());
      else out.set(name.toLowerCase(), value);
    }
  }
  return out;
}
