/** What a URL in the site points at. */
export type Target =
  | { readonly kind: 'external' }
  /** mailto:, tel:, data: and the like: nothing to check. */
  | { readonly kind: 'other' }
  | { readonly kind: 'unsafe'; readonly scheme: string }
  /** On the site's host but not under its base path. */
  | { readonly kind: 'outside'; readonly path: string }
  /** An address the site is not published at, such as localhost in a production build. */
  | { readonly kind: 'foreign'; readonly origin: string }
  | { readonly kind: 'file'; readonly url: URL; readonly candidates: readonly string[]; readonly fragment: string };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]']);

/** Maps between output files and the URLs they are served at, for a site published at `siteUrl`. */
export class SiteUrls {
  readonly site: URL;
  readonly basePath: string;

  constructor(siteUrl: string) {
    this.site = new URL(siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`);
    this.basePath = this.site.pathname;
  }

  /** The URL a static host serves an output file at: "a/index.html" → ".../a/". */
  pageUrl(rel: string): URL {
    const served = rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
    return new URL(encodeURI(served), this.site);
  }

  /** What `href` (as written in the file at `from`) points at. */
  resolve(href: string, from: URL): Target {
    let url: URL;
    try {
      url = new URL(href, from);
    } catch {
      return { kind: 'other' };
    }
    if (url.protocol === 'javascript:' || url.protocol === 'vbscript:') return { kind: 'unsafe', scheme: url.protocol };
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'other' };
    if (url.hostname !== this.site.hostname || url.port !== this.site.port) {
      return LOCAL_HOSTS.has(url.hostname) && !LOCAL_HOSTS.has(this.site.hostname)
        ? { kind: 'foreign', origin: url.origin }
        : { kind: 'external' };
    }
    if (!url.pathname.startsWith(this.basePath)) return { kind: 'outside', path: url.pathname };
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname.slice(this.basePath.length));
    } catch {
      rel = url.pathname.slice(this.basePath.length);
    }
    const candidates = rel === '' || rel.endsWith('/') ? [`${rel}index.html`] : [rel, `${rel}/index.html`];
    let fragment = url.hash.slice(1);
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      // keep it as written
    }
    return { kind: 'file', url, candidates, fragment };
  }
}
