import path from 'node:path';
import * as z from 'zod';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { closestName } from '../util/closest-name.ts';
import { findConfigFile } from './config-file.ts';
import { configIssues, configText } from './config-issues.ts';
import { ConfigModuleError, readConfigModule } from './config-module.ts';
import { imagesSchema } from './images.ts';

const timeZone = z.string().superRefine((zone, context) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    const near = closestZone(zone);
    context.addIssue({
      code: 'custom',
      message: near
        ? `not an IANA time zone: did you mean "${near}"?`
        : 'not an IANA time zone (e.g. "UTC", "Europe/London", "America/New_York")',
    });
  }
});

/** The zone a misspelt one probably means ("Europe/Londn", "America/New York"). */
function closestZone(zone: string): string | undefined {
  const zones = new Map(Intl.supportedValuesOf('timeZone').map((name) => [name.toLowerCase(), name]));
  const near = closestName(zone.replaceAll(' ', '_'), zones.keys());
  return near === undefined ? undefined : zones.get(near);
}

const httpUrl = z
  .url({
    protocol: /^https?$/,
    message: 'must be an absolute http(s) URL, e.g. "https://example.org/news/"',
  })
  // Every page and data file would publish them.
  .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), 'must not hold a user name or password');

/**
 * A picture the site's pages link (the logo, the social image): a site path or an http(s)
 * URL. Anything else (`javascript:`, `data:`) would go into every page's `<img>`, link
 * preview and structured data.
 */
const pictureRef = z
  .string()
  .min(1)
  .refine((ref) => (/^https?:\/\//i.test(ref) || !/^[a-z][a-z0-9+.-]*:/i.test(ref)) && !ref.startsWith('//'), {
    message: 'must be a site path such as "/logo.svg" or an http(s) URL',
  });

/** A response header's value: one line, or it would write lines of its own into `_headers`. */
const headerValue = z.string().regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line, without control characters');

const sectionId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'section ids are lower-case letters, digits and "-"');

const section = z.strictObject({
  /** Identifier used in front matter (`section: world`) and in URLs (`/world/`). */
  id: sectionId,
  /** Display name, e.g. "World". */
  name: z.string().min(1),
  description: z.string().default(''),
  /**
   * Ids the section had before it was renamed: their pages and feeds lead here for good
   * (301), where a section that goes leads to the front page for now (302).
   */
  formerly: z.array(sectionId).optional(),
});

/** The configuration schema: every option, its type and its default. */
export const configSchema = z.strictObject({
  /** Site name, shown in the masthead and used as publisher name. Default "Broadsheet". */
  title: z.string().min(1).default('Broadsheet'),
  /** One-line description of the site. Default "". */
  description: z.string().default(''),
  /** Absolute base URL, may include a sub-path. Default "http://localhost:8080/". */
  url: httpUrl.default('http://localhost:8080/'),
  /** Default language of stories (BCP 47). Default "en". */
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en" or "en-GB"')
    .default('en'),
  /** Time zone in which dates without an offset are read, and for date URLs. Default "UTC". */
  timeZone: timeZone.default('UTC'),
  /** URL pattern of story pages. Tokens: :yyyy :mm :dd :slug :section. Default "/:yyyy/:mm/:dd/:slug/". */
  permalink: z
    .string()
    .refine((p) => p.startsWith('/') && p.endsWith('/') && p.includes(':slug'), {
      message: 'must start and end with "/" and contain :slug',
    })
    .default('/:yyyy/:mm/:dd/:slug/'),
  /** Sections stories may be filed under. Empty: any section is accepted. Default []. */
  sections: z
    .array(section)
    .default([])
    .superRefine((sections, context) => {
      // A former id still in use, or claimed by two, would lead two ways.
      const ids = new Set(sections.map((s) => s.id));
      const claimed = new Set<string>();
      sections.forEach((s, i) =>
        s.formerly?.forEach((old, j) => {
          const why = ids.has(old)
            ? 'is a section of the site now'
            : claimed.has(old)
              ? "is another section's former id too"
              : '';
          if (why) context.addIssue({ code: 'custom', path: [i, 'formerly', j], message: `"${old}" ${why}` });
          claimed.add(old);
        }),
      );
    }),
  /** Publisher for structured data: name (default: the site title) and logo (a site path or URL). */
  publisher: z.strictObject({ name: z.string().min(1).optional(), logo: pictureRef.optional() }).prefault({}),
  markdown: z
    .strictObject({
      /** GitHub-flavoured Markdown: tables, footnotes, strikethrough, autolinks. Default false (it makes parsing ~3× slower). */
      gfm: z.boolean().default(false),
      /** Typographic quotes and dashes (retext-smartypants; slows Markdown rendering ~2×). Default false. */
      smartypants: z.boolean().default(false),
      /** Hosts whose https iframes are kept in story bodies. */
      embedHosts: z
        .array(z.string().regex(/^[a-z0-9.-]+$/, 'a host name such as "www.youtube-nocookie.com"'))
        .default([
          'www.youtube-nocookie.com',
          'www.youtube.com',
          'player.vimeo.com',
          'datawrapper.dwcdn.net',
          'flo.uri.sh',
          'www.google.com',
        ]),
    })
    .prefault({}),
  /** The front page's parts; no story is shown twice, each part takes the newest stories left. */
  frontPage: z
    .strictObject({
      /**
       * Without a story pinned as lead (`pin: lead`), how far down the newest stories the
       * lead may come from: the newest of them with a picture leads, else the newest
       * story. Default 10.
       */
      leadCandidates: z.int().min(1).default(10),
      /** Stories shown with pictures after the lead. Default 4. */
      secondary: z.int().min(0).default(4),
      /** Stories in each section block: a top story and headlines. Default 4. */
      perSection: z.int().min(0).default(4),
      /** Headlines of the newest stories shown nowhere else on the page, last. Default 20. */
      latest: z.int().min(0).default(20),
    })
    .prefault({}),
  /** Stories per page of section, tag, author and archive listings. Default 20. */
  listings: z.strictObject({ pageSize: z.int().min(1).default(20) }).prefault({}),
  feeds: z
    .strictObject({
      /** Stories per feed. Default 20. */
      limit: z.int().min(1).default(20),
      /** "full": the story body; "summary": the dek or excerpt. Default "full". */
      content: z.enum(['full', 'summary']).default('full'),
    })
    .prefault({}),
  /**
   * Stories with `canonical` (syndicated wire copy): "canonical" points the page's
   * canonical link at the original; "noindex" keeps the page's own canonical and asks
   * search engines not to index it (Google's advice to syndication partners since 2023).
   * Default "canonical".
   */
  wireCopy: z.enum(['canonical', 'noindex']).default('canonical'),
  /**
   * Images without alt text (an archive's debt): "required" makes each one an error;
   * "warn" publishes it as decorative (`alt=""`) with a warning, and `broadsheet check`
   * lists every one. Default "required".
   */
  altText: z.enum(['required', 'warn']).default('required'),
  /**
   * Front-matter fields of the site's own (or an old site's, after `broadsheet import`):
   * kept in `story.data` for layouts without an `unknown-field` warning. Default none.
   */
  customFields: z.array(z.string().min(1)).default([]),
  social: z
    .strictObject({
      /**
       * The picture link previews (og:image, twitter:image) and structured data show for a
       * story with no picture of its own: a site path such as "/social.png" or a URL.
       * Default: the publisher logo.
       */
      image: pictureRef.optional(),
      /** What `image` shows, for og:image:alt. Default: none. */
      imageAlt: z.string().optional(),
    })
    .prefault({}),
  /** Author profiles (bio, photo, links), relative to the config file. Default "authors.yaml". */
  authors: z.string().default('authors.yaml'),
  /**
   * The URL ledger, relative to the config file: every URL the site has published, kept by
   * `broadsheet build` and committed with the articles, so that no published URL breaks
   * (docs/urls.md). `false` turns it off. Default "published-urls.txt".
   */
  ledger: z.union([z.string().min(1), z.literal(false)]).default('published-urls.txt'),
  /**
   * Publish every valid story even when others have errors: a story whose new version is
   * invalid keeps its last published version, a new invalid story waits, and both are
   * listed in `.broadsheet/held.json`. Config, layout and URL errors still fail the build.
   * `build --hold-invalid` turns it on for one build. Default false.
   */
  holdInvalid: z.boolean().default(false),
  /** Build a full-text search index with Pagefind and a search page. Default true. */
  search: z.boolean().default(true),
  /**
   * The most stories one volume of the search index holds. A volume is a year's stories;
   * a year with more is split into months, and such a month into days. Pagefind holds a
   * volume in memory while it makes it (about 256 KB a story page), and makes it whole
   * for one story added. Default 10,000.
   */
  searchVolumeLimit: z.int().positive().default(10_000),
  /** Response headers written to `_headers` (Netlify, Cloudflare Pages); see docs/publishing.md. */
  headers: z
    .strictObject({
      /** Write `_headers` into the output. Default true. */
      file: z.boolean().default(true),
      /** Content-Security-Policy of every response; "" sends none. Default: the policy Broadsheet's pages need. */
      contentSecurityPolicy: headerValue.optional(),
      /** Cache-Control of pages, feeds and every file without a content hash. Default "public, max-age=60". */
      cacheControl: headerValue.min(1).default('public, max-age=60'),
      /** Cache-Control of content-hashed files in assets/. Default "public, max-age=31536000, immutable". */
      immutableCacheControl: headerValue.min(1).default('public, max-age=31536000, immutable'),
    })
    .prefault({}),
  /**
   * How local pictures are resized, encoded and marked up: formats, quality, effort, the
   * widths of each layout slot, social crops, metadata kept; see docs/images.md. Every
   * field has a default.
   */
  images: imagesSchema,
  /** Reading speed for reading-time estimates. Default 230 words a minute. */
  wordsPerMinute: z.int().positive().default(230),
  /** Folders, relative to the config file. Defaults: articles, layouts, public, dist. */
  articles: z.string().default('articles'),
  layouts: z.string().default('layouts'),
  public: z.string().default('public'),
  out: z.string().default('dist'),
});

/** What a user writes in broadsheet.config.ts: every field optional. */
export type UserConfig = z.input<typeof configSchema>;

/** The configuration after defaults and validation; folder paths are absolute. */
export interface ResolvedConfig extends Readonly<Omit<z.output<typeof configSchema>, 'publisher'>> {
  readonly publisher: { readonly name: string; readonly logo?: string | undefined };
  /** Absolute project folder (where the config file is, or the working directory). */
  readonly root: string;
  /** The config file's absolute path, when the project has one: what messages about its settings name. */
  readonly file?: string | undefined;
  /** Path of the base URL, always with leading and trailing "/", e.g. "/news/". */
  readonly basePath: string;
  /** Whether drafts are built (`--drafts`). */
  readonly drafts: boolean;
  /** The build's clock as epoch milliseconds: stories dated later are embargoed. */
  readonly now: number;
}

export interface Overrides {
  readonly articles?: string | undefined;
  readonly layouts?: string | undefined;
  readonly out?: string | undefined;
  readonly url?: string | undefined;
  readonly drafts?: boolean | undefined;
  readonly holdInvalid?: boolean | undefined;
  readonly now?: number | undefined;
}

export { CONFIG_FILES, configShown, findConfigFile } from './config-file.ts';

/**
 * Validate and freeze a user config. `root` is where relative folders are resolved;
 * command-line overrides win over the file, and paths given on the command line are
 * resolved against `cwd`.
 */
export function resolveConfig(
  user: unknown,
  options: { root: string; cwd?: string; file?: string; overrides?: Overrides; clock?: () => number },
): { config?: ResolvedConfig; diagnostics: Diagnostic[] } {
  const file =
    path.relative(options.cwd ?? options.root, options.file ?? path.join(options.root, 'broadsheet.config.ts')) ||
    'broadsheet.config.ts';
  const o = options.overrides ?? {};
  const merged = { ...(user ?? {}) } as Record<string, unknown>;
  if (o.url !== undefined) merged.url = o.url;
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success)
    return {
      diagnostics: configIssues(
        parsed.error.issues,
        configSchema,
        file,
        configText(options.file),
        o.url === undefined ? {} : { url: '--base-url' },
      ),
    };
  const value = parsed.data;
  const cwd = options.cwd ?? options.root;
  const dir = (fromCli: string | undefined, fromFile: string) =>
    fromCli !== undefined ? path.resolve(cwd, fromCli) : path.resolve(options.root, fromFile);
  const url = value.url.endsWith('/') ? value.url : `${value.url}/`;
  const config: ResolvedConfig = {
    ...value,
    url,
    basePath: new URL(url).pathname,
    publisher: { name: value.publisher.name ?? value.title, logo: value.publisher.logo },
    articles: dir(o.articles, value.articles),
    layouts: dir(o.layouts, value.layouts),
    public: path.resolve(options.root, value.public),
    authors: path.resolve(options.root, value.authors),
    ledger: value.ledger === false ? false : path.resolve(options.root, value.ledger),
    out: dir(o.out, value.out),
    root: options.root,
    file: options.file,
    drafts: o.drafts ?? false,
    holdInvalid: o.holdInvalid ?? value.holdInvalid,
    now: o.now ?? (options.clock ?? Date.now)(),
  };
  return { config: deepFreeze(config), diagnostics: [] };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Load, validate and freeze the config for a project folder. */
export async function loadConfig(options: {
  cwd: string;
  configFile?: string | undefined;
  overrides?: Overrides;
  clock?: () => number;
}): Promise<{ config?: ResolvedConfig; diagnostics: Diagnostic[] }> {
  const file = findConfigFile(options.cwd, options.configFile);
  const root = file ? path.dirname(file) : options.cwd;
  let user: unknown = {};
  if (file) {
    try {
      user = await readConfigModule(file);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const place =
        error instanceof ConfigModuleError
          ? { file: path.relative(options.cwd, error.file), line: error.line, column: error.column }
          : { file: path.relative(options.cwd, file) };
      // No field to name: the file itself does not load (its syntax, an import, a throw).
      const hint = 'Fix the config file at the place shown; docs/configuration.md lists every option with its default.';
      return { diagnostics: [diagnostic('config-invalid', place, `cannot load the config: ${reason}`, { hint })] };
    }
  }
  return resolveConfig(user, {
    root,
    cwd: options.cwd,
    ...(file ? { file } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
