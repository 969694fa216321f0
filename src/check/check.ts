import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { mapConcurrently } from '../util/concurrently.ts';
import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { ErrorId } from '../diagnostics/errors.ts';
import { allowsInline, allowsUrl, parsePolicy, type Policy } from '../publish/csp.ts';
import { HEADERS_FILE, headersFor, parseHeaders, type HeaderRule } from '../publish/headers.ts';
import { jsonFacts, redirectsFacts, robotsFacts, xmlFacts, type DataFacts, type Finding } from './data-facts.ts';
import { createImageChecker, imageFacts } from '../photos/check.ts';
import { pageFacts, parsePage, type At, type PageFacts, type Ref } from './html-facts.ts';
import { checkAltText, checkStory, type Report } from './story-page.ts';
import type { SiteFiles } from './site-files.ts';
import { SiteUrls } from './site-urls.ts';
import { sha256 } from '../util/hash.ts';
import { MANIFEST_PATH, previewsIn } from '../output/manifest.ts';

export interface CheckOptions {
  /** The URL the site will be published at (its path is the base path links must stay under). */
  readonly siteUrl: string;
  readonly files: SiteFiles;
  /** Compare the files with `.broadsheet/manifest.json`. Default true. */
  readonly manifest?: boolean;
  /**
   * Site paths the site has promised (the URL ledger), each with where it is recorded:
   * every one must still answer, with its page, a redirect or a "removed" page.
   */
  readonly promised?: readonly { readonly url: string; readonly shown: string; readonly line: number }[];
  /**
   * Check only these files (those a build wrote); the others count as present, and are
   * read only when a checked page links to an anchor in them. Default: every file.
   */
  readonly only?: ReadonlySet<string> | undefined;
  readonly progress?: (done: number, total: number) => void;
  /**
   * EXIF Artist and Copyright are allowed in published images (`images.keepCopyright`);
   * any other metadata is a warning, and a GPS position an error. Default false.
   */
  readonly allowCredit?: boolean | undefined;
}

export interface CheckSummary {
  readonly files: number;
  readonly pages: number;
  readonly stories: number;
  readonly feeds: number;
  readonly sitemaps: number;
  /** Links and asset references followed. */
  readonly links: number;
}

export interface CheckReport {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: CheckSummary;
}

/** The same broken URL on every page (a layout's link) is reported this many times, then counted. */
const REPEATS_SHOWN = 5;

const TEXT_FILE = /\.(html|css|js|mjs|json|xml|txt|svg|webmanifest)$/i;
/** Image files whose metadata is checked. */
const RASTER_FILE = /\.(jpe?g|png|webp|avif|tiff?|gif|heic|heif)$/i;
const DEV_MARKER = '__broadsheet';

const gunzipAsync = promisify(gunzip);
const unbrotli = promisify(brotliDecompress);

/**
 * Check a built site before it is published, offline: links and assets resolve under the
 * base path, anchors exist, feeds and sitemaps parse and say what readers need, story
 * pages carry a canonical link and NewsArticle data (and every picture of theirs without
 * alt text is listed), no page is empty, no dev-server code
 * leaked in, pages satisfy the site's own Content-Security-Policy, images are as wide
 * and as shaped as pages say and carry no GPS position (nor other metadata), and the
 * manifest and precompressed copies match the files.
 */
export async function checkSite(options: CheckOptions): Promise<CheckReport> {
  const { files } = options;
  const urls = new SiteUrls(options.siteUrl);
  const present = new Set(files.list);
  const diagnostics: Diagnostic[] = [];
  const report = (
    rel: string,
    rule: ErrorId,
    message: string,
    place: At = { line: 1, column: 1 },
    severity?: 'warning',
  ) =>
    diagnostics.push(
      diagnostic(
        rule,
        { file: files.shown(rel), line: place.line, column: place.column },
        message,
        severity ? { severity } : {},
      ),
    );
  const found = (rel: string, f: Finding) => report(rel, f.rule, f.message, f, f.severity);

  // Read first what the checks of every page depend on: the headers and the story list.
  let headerRules: HeaderRule[] = [];
  let storyPaths = new Set<string>();
  if (present.has(HEADERS_FILE)) {
    const parsed = parseHeaders((await files.read(HEADERS_FILE)).toString('utf8'));
    headerRules = parsed.rules;
    for (const p of parsed.problems) report(HEADERS_FILE, 'invalid-headers', p.message, { line: p.line, column: 1 });
  }
  if (present.has('stories.json')) {
    try {
      storyPaths = storiesJsonPaths((await files.read('stories.json')).toString('utf8'), urls);
    } catch {
      // Reported as invalid JSON with the other files.
    }
  }

  // Links and assets are followed as each file is read, so a large site is never held in
  // memory; only ids (for anchors) are kept, and links to another page's anchor wait for it.
  const ids = new Map<string, ReadonlySet<string>>();
  const anchors: { rel: string; ref: Ref; file: string; fragment: string }[] = [];
  /** Link problems by rule and URL: a layout's broken link is one problem on every page. */
  const repeats = new Map<string, { rule: ErrorId; seen: { rel: string; message: string; at: At }[] }>();
  let links = 0;
  const problem = (rel: string, ref: Ref, rule: ErrorId, message: string) => {
    const key = `${rule}\0${ref.url}`;
    let entry = repeats.get(key);
    if (!entry) repeats.set(key, (entry = { rule, seen: [] }));
    entry.seen.push({ rel, message, at: { line: ref.line, column: ref.column } });
  };
  const brokenAnchor = (rel: string, ref: Ref, file: string, fragment: string) =>
    problem(rel, ref, 'broken-anchor', `"${ref.url}": ${file} has no element with id "${fragment}"`);
  const follow = (rel: string, ref: Ref, own?: ReadonlySet<string>) => {
    links++;
    const target = urls.resolve(ref.url, urls.pageUrl(rel));
    if (target.kind === 'unsafe') problem(rel, ref, 'unsafe-link', `"${ref.url}" runs code (${target.scheme} URL)`);
    else if (target.kind === 'outside')
      problem(
        rel,
        ref,
        'outside-base-path',
        `"${ref.url}" is outside ${urls.basePath}, where the site is published (${urls.site.href})`,
      );
    else if (target.kind === 'foreign')
      problem(
        rel,
        ref,
        'foreign-site-url',
        `"${ref.url}" points at ${target.origin}, but the site is published at ${urls.site.origin}`,
      );
    else if (target.kind === 'file') {
      const file = target.candidates.find((c) => present.has(c));
      if (!file)
        problem(
          rel,
          ref,
          'broken-link',
          `${ref.kind === 'asset' ? 'asset' : 'link'} "${ref.url}" leads nowhere: the site has no ${target.candidates[0]}`,
        );
      else if (target.fragment && ref.kind === 'link' && file.endsWith('.html') && target.fragment !== 'top') {
        if (file !== rel) anchors.push({ rel, ref, file, fragment: target.fragment });
        else if (own && !own.has(target.fragment)) brokenAnchor(rel, ref, file, target.fragment);
      }
    }
  };

  // Each image a page shows: every srcset candidate as wide as it claims, width and height
  // of the file's shape, no metadata. A file the site lacks is the link follower's to report.
  const imageOptions = { allowCredit: options.allowCredit ?? false };
  const checkImages = createImageChecker((rel) => files.read(rel), imageOptions);
  const shownImages = new Set<string>();
  const imageUrl = (rel: string) => {
    const from = urls.pageUrl(rel);
    return (url: string) => {
      const target = urls.resolve(url, from);
      const file = target.kind === 'file' ? target.candidates.find((c) => present.has(c)) : undefined;
      if (file !== undefined) shownImages.add(file);
      return file;
    };
  };

  let stories = 0;
  const policies = new Map<string, Policy>();
  /** Content, story metadata, and the Content-Security-Policy the page's URL is served with. */
  const checkPage = (rel: string, facts: PageFacts) => {
    ids.set(rel, facts.ids);
    for (const ref of facts.refs) follow(rel, ref, facts.ids);
    if (!facts.title) report(rel, 'empty-page', 'has no <title>');
    if (!facts.hasContent) report(rel, 'empty-page', 'has no text or images in its <body>');
    if (facts.ogType === 'article' || storyPaths.has(rel)) {
      stories++;
      checkStory(rel, facts, report);
      checkAltText(rel, facts, report);
    }
    const pageUrl = urls.pageUrl(rel);
    const csp = headersFor(headerRules, pageUrl.pathname).get('content-security-policy');
    if (!csp) return;
    let policy = policies.get(csp);
    if (!policy) policies.set(csp, (policy = parsePolicy(csp)));
    for (const item of facts.inline) {
      if (!allowsInline(policy, item.directive, item.hash, item.directive.endsWith('-attr'))) {
        report(
          rel,
          'csp-violation',
          `${item.what} is blocked by the Content-Security-Policy (${item.directive.replace(/-(elem|attr)$/, '')})`,
          item,
        );
      }
    }
    for (const ref of facts.refs) {
      if (!ref.directive) continue;
      let url: URL;
      try {
        url = new URL(ref.url, pageUrl);
      } catch {
        continue;
      }
      if (!allowsUrl(policy, ref.directive, url, pageUrl)) {
        report(
          rel,
          'csp-violation',
          `"${ref.url}" is blocked by the Content-Security-Policy (${ref.directive.replace(/-elem$/, '')})`,
          ref,
        );
      }
    }
  };
  let feeds = 0;
  let sitemaps = 0;
  const checkData = (rel: string, facts: DataFacts) => {
    if (facts.kind === 'feed') feeds++;
    if (facts.kind === 'sitemap') sitemaps++;
    for (const f of facts.findings) found(rel, f);
    for (const ref of facts.refs) follow(rel, ref);
  };

  const digests = new Map<string, { size: number; sha256: string }>();
  let manifestText: string | undefined;
  let pages = 0;
  let done = 0;
  const checked = options.only ? files.list.filter((rel) => options.only!.has(rel)) : files.list;
  await mapConcurrently(checked, 8, async (rel) => {
    const bytes = await files.read(rel);
    digests.set(rel, { size: bytes.byteLength, sha256: sha256(bytes) });
    options.progress?.(++done, checked.length);
    if (rel === MANIFEST_PATH) {
      manifestText = bytes.toString('utf8');
      return;
    }
    const compressed = /\.(gz|br)$/.exec(rel);
    if (compressed) {
      const original = rel.slice(0, -compressed[0].length);
      if (!present.has(original)) return;
      const expanded = await (compressed[1] === 'gz' ? gunzipAsync(bytes) : unbrotli(bytes)).catch(() => undefined);
      const plain = await files.read(original);
      if (!expanded || !expanded.equals(plain))
        report(rel, 'compressed-mismatch', `does not decompress to ${files.shown(original)}`);
      return;
    }
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    const isText = TEXT_FILE.test(rel) || name.startsWith('_') || name === 'robots.txt';
    if (!isText) return;
    const text = bytes.toString('utf8');
    const marker = text.indexOf(DEV_MARKER);
    if (marker !== -1)
      report(rel, 'dev-code', `contains "${DEV_MARKER}", the dev server's live-reload code`, position(text, marker));
    if (rel.endsWith('.html')) {
      pages++;
      if (text.trim() === '') {
        ids.set(rel, new Set());
        report(rel, 'empty-page', 'is an empty file');
      } else {
        const tree = parsePage(text);
        checkPage(rel, pageFacts(tree));
        for (const f of await checkImages(tree, imageUrl(rel))) found(rel, f);
      }
    } else if (rel.endsWith('.xml')) checkData(rel, xmlFacts(text));
    else if (rel.endsWith('.json')) checkData(rel, jsonFacts(text));
    else if (rel === 'robots.txt') checkData(rel, robotsFacts(text));
    else if (rel === '_redirects') checkData(rel, redirectsFacts(text));
  });
  // Images no page shows are published all the same: none may carry a GPS position either.
  const unshown = checked.filter((rel) => RASTER_FILE.test(rel) && !shownImages.has(rel));
  await mapConcurrently(unshown, 8, async (rel) => {
    const facts = await imageFacts(await files.read(rel), imageOptions);
    if (facts?.gps) report(rel, 'image-metadata', 'carries a GPS position');
    else if (facts?.metadata.length)
      report(rel, 'image-metadata', `carries ${facts.metadata.join(', ')}`, undefined, 'warning');
  });
  // Anchors into pages not checked this time: their ids, read now.
  for (const file of new Set(anchors.map((a) => a.file)))
    if (!ids.has(file)) ids.set(file, pageFacts((await files.read(file)).toString('utf8')).ids);
  for (const { rel, ref, file, fragment } of anchors) {
    const target = ids.get(file);
    if (target && !target.has(fragment)) brokenAnchor(rel, ref, file, fragment);
  }
  // The first few by file name (whatever order files were read in), the last of them with
  // a count of the rest: a line of its own would be read as a problem of the file it names.
  for (const { rule, seen } of repeats.values()) {
    seen.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : a.at.line - b.at.line || a.at.column - b.at.column));
    const shown = seen.slice(0, REPEATS_SHOWN);
    const more = seen.length - shown.length;
    shown.forEach(({ rel, message, at }, i) =>
      report(
        rel,
        rule,
        more > 0 && i === shown.length - 1 ? `${message}; the same in ${more} more files (not listed)` : message,
        at,
      ),
    );
  }

  if (options.manifest !== false) checkManifest(manifestText, digests, report);
  for (const { url, shown, line } of options.promised ?? []) {
    const rel = url.replace(/^\/+/, '');
    const file = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
    if (!present.has(file))
      diagnostics.push(
        diagnostic('promise-broken', { file: shown, line, column: 1 }, `published URL ${url} has no file (${file})`),
      );
  }

  return {
    ok: !diagnostics.some((d) => d.severity === 'error'),
    diagnostics: sortDiagnostics(diagnostics),
    summary: { files: checked.length, pages, stories, feeds, sitemaps, links },
  };
}

/** Every file is in the manifest with its size and hash, and nothing else is. */
function checkManifest(
  text: string | undefined,
  digests: ReadonlyMap<string, { size: number; sha256: string }>,
  report: Report,
) {
  if (text === undefined) {
    report(
      MANIFEST_PATH,
      'manifest-mismatch',
      'the site has no manifest (was it built by Broadsheet?)',
      undefined,
      'warning',
    );
    return;
  }
  let files: Record<string, { size?: unknown; sha256?: unknown }>;
  let preview: number;
  try {
    const manifest = JSON.parse(text) as { files?: typeof files };
    files = manifest.files ?? {};
    preview = previewsIn(manifest);
  } catch (error) {
    report(MANIFEST_PATH, 'manifest-mismatch', `does not parse: ${(error as Error).message}`);
    return;
  }
  if (preview > 0) {
    const stories = preview === 1 ? 'story' : 'stories';
    report(
      MANIFEST_PATH,
      'preview-output',
      `this is a preview by broadsheet dev: it shows ${preview} draft or embargoed ${stories}`,
    );
  }
  const problems: string[] = [];
  for (const [rel, entry] of Object.entries(files)) {
    const actual = digests.get(rel);
    if (!actual) problems.push(`${rel} is listed but missing`);
    else if (actual.size !== entry.size || actual.sha256 !== entry.sha256)
      problems.push(`${rel} differs from its manifest entry`);
  }
  for (const rel of digests.keys()) if (rel !== MANIFEST_PATH && !(rel in files)) problems.push(`${rel} is not listed`);
  problems.sort();
  for (const problem of problems.slice(0, REPEATS_SHOWN)) report(MANIFEST_PATH, 'manifest-mismatch', problem);
  if (problems.length > REPEATS_SHOWN)
    report(MANIFEST_PATH, 'manifest-mismatch', `…and ${problems.length - REPEATS_SHOWN} more files`);
}

/** Output paths of the stories listed in stories.json. */
function storiesJsonPaths(text: string, urls: SiteUrls): Set<string> {
  const out = new Set<string>();
  const stories = (JSON.parse(text) as { stories?: { url?: unknown }[] }).stories;
  for (const story of Array.isArray(stories) ? stories : []) {
    if (typeof story?.url !== 'string') continue;
    const target = urls.resolve(story.url, urls.site);
    if (target.kind === 'file') for (const candidate of target.candidates) out.add(candidate);
  }
  return out;
}

/** Line and column of a character offset. */
function position(text: string, offset: number): At {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
