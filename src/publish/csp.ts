import type { ResolvedConfig } from '../config/config.ts';

/** A Content-Security-Policy: directive name → source expressions, as written. */
export type Policy = ReadonlyMap<string, readonly string[]>;

/**
 * The policy Broadsheet's pages satisfy: everything from the site itself, images from
 * anywhere over https (stories use agency and CDN pictures), iframes only from the embed
 * hosts the Markdown sanitizer keeps, and WebAssembly for Pagefind when search is on.
 * No inline script or style is needed: JSON-LD blocks are data, which CSP does not block.
 */
export function defaultPolicy(config: ResolvedConfig): string {
  const frames = config.markdown.embedHosts.map((host) => `https://${host}`);
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', config.search ? ["'self'", "'wasm-unsafe-eval'"] : ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'https:', 'data:']],
    ['media-src', ["'self'", 'https:']],
    ['frame-src', frames.length ? frames : ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'self'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

export function parsePolicy(text: string): Policy {
  const policy = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    // The first occurrence of a directive wins; later ones are ignored (CSP3 §2.2.1).
    if (name && !policy.has(name.toLowerCase())) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

/** Which directives stand in for a missing one, in order (CSP3 "effective directive"). */
const FALLBACK: Readonly<Record<string, readonly string[]>> = {
  'script-src-elem': ['script-src', 'default-src'],
  'script-src-attr': ['script-src', 'default-src'],
  'style-src-elem': ['style-src', 'default-src'],
  'style-src-attr': ['style-src', 'default-src'],
  'img-src': ['default-src'],
  'media-src': ['default-src'],
  'font-src': ['default-src'],
  'connect-src': ['default-src'],
  'object-src': ['default-src'],
  'frame-src': ['child-src', 'default-src'],
};

/** The source list that governs a directive, or undefined when nothing restricts it. */
function sourcesFor(policy: Policy, directive: string): readonly string[] | undefined {
  for (const name of [directive, ...(FALLBACK[directive] ?? [])]) {
    const sources = policy.get(name);
    if (sources) return sources;
  }
  return undefined;
}

/** Does the policy let the page (at `page`) load `url` for `directive` (e.g. "script-src-elem")? */
export function allowsUrl(policy: Policy, directive: string, url: URL, page: URL): boolean {
  const sources = sourcesFor(policy, directive);
  if (!sources) return true;
  return sources.some((source) => matchesSource(source.toLowerCase(), url, page));
}

/**
 * Does the policy allow inline content (a `<script>` or `<style>` element, or an
 * attribute when `attribute` is true) whose SHA-256 is `hash` (base64)?
 */
export function allowsInline(policy: Policy, directive: string, hash: string, attribute = false): boolean {
  const sources = sourcesFor(policy, directive);
  if (!sources) return true;
  const lower = sources.map((s) => s.toLowerCase());
  const hashed = sources.includes(`'sha256-${hash}'`) && (!attribute || lower.includes("'unsafe-hashes'"));
  if (hashed) return true;
  // A nonce or hash in the list switches 'unsafe-inline' off (CSP Level 2 and later).
  const strict = lower.some((s) => s.startsWith("'nonce-") || s.startsWith("'sha") || s === "'strict-dynamic'");
  return !strict && lower.includes("'unsafe-inline'");
}

function matchesSource(source: string, url: URL, page: URL): boolean {
  if (source === "'none'") return false;
  if (source === "'self'") {
    // Same origin, or the same host upgraded from http to https.
    return (
      url.host === page.host &&
      (url.protocol === page.protocol || (page.protocol === 'http:' && url.protocol === 'https:'))
    );
  }
  if (source === '*')
    return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || url.protocol === page.protocol;
  if (source.startsWith("'")) return false;
  if (/^[a-z][a-z0-9+.-]*:$/.test(source))
    return url.protocol === source || (source === 'http:' && url.protocol === 'https:');
  // host-source: [scheme://]host[:port][/path]
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9.-]+)(?::(\d+|\*))?(\/.*)?$/.exec(source);
  if (!match) return false;
  const [, scheme, host = '', port, pathPart] = match;
  if (
    scheme
      ? url.protocol !== `${scheme}:` && !(scheme === 'http' && url.protocol === 'https:')
      : !['http:', 'https:'].includes(url.protocol)
  )
    return false;
  if (host === '*') {
    // matches any host
  } else if (host.startsWith('*.')) {
    if (!url.hostname.endsWith(host.slice(1))) return false;
  } else if (url.hostname !== host) return false;
  if (port !== '*' && (url.port || '') !== (port ?? '')) return false;
  if (pathPart) return pathPart.endsWith('/') ? url.pathname.startsWith(pathPart) : url.pathname === pathPart;
  return true;
}
