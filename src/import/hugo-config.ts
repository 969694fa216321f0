import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostics.ts';
import { firstExisting, getKey, listFiles, readDataFile } from './site-files.ts';

/** The parts of a Hugo site's configuration that decide where posts are and what their URLs were. */
export interface HugoConfig {
  /** Absolute content folder of the default language. */
  readonly contentDir: string;
  readonly defaultLanguage: string;
  /** Language codes a file name may end in (`post.fr.md`), besides the default. */
  readonly otherLanguages: ReadonlySet<string>;
  /** Path of `baseURL` ("/" or "/blog/"), which every URL of the site begins with. */
  readonly basePath: string;
  readonly baseUrl?: string | undefined;
  /** The language folder ("/en/") when `defaultContentLanguageInSubdir` is on, else "". */
  readonly languagePrefix: string;
  readonly timeZone?: string | undefined;
  /** Permalink pattern of a section, if configured. */
  readonly permalink: (section: string) => string | undefined;
  /** Whether a section's pages are published at `name.html` rather than `name/`. */
  readonly ugly: (section: string) => boolean;
  readonly mainSections: readonly string[];
  /** `[frontmatter] date` names ":filename": the date may come from the file name. */
  readonly dateFromFilename: boolean;
  /** `disablePathToLower`: URLs keep the case they were written in. */
  readonly keepCase: boolean;
  readonly staticDirs: readonly { readonly prefix: string; readonly dir: string }[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly title?: string | undefined;
  /** `enableEmoji`: shortcodes such as `:lock:` are shown as emoji. */
  readonly emoji: boolean;
}

const NAMES = ['hugo', 'config'];
const EXTS = ['toml', 'yaml', 'yml', 'json'];

/**
 * Read a Hugo site's configuration: `hugo.toml` (or `config.*`, YAML or JSON) at the
 * root, or the files of `config/_default/`, where each file holds one top-level key
 * (`params.toml`, `permalinks.yaml`, `languages.en.toml`). Keys are read without regard
 * to case, as Hugo reads them. A folder without configuration is a content folder.
 */
export async function readHugoConfig(
  root: string,
  cwd: string,
): Promise<{ config: HugoConfig; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const merged: Record<string, unknown> = {};
  const rootFile = firstExisting(
    root,
    NAMES.flatMap((n) => EXTS.map((e) => `${n}.${e}`)),
  );
  if (rootFile) {
    const read = await readDataFile(rootFile, cwd);
    diagnostics.push(...read.diagnostics);
    Object.assign(merged, read.value);
  }
  const dir = path.join(root, 'config', '_default');
  for (const file of await listFiles(dir)) {
    const base = path.basename(file);
    const m = /^([\w-]+)(?:\.([\w-]+))?\.(toml|ya?ml|json)$/i.exec(base);
    if (!m || path.dirname(file) !== dir) continue;
    const read = await readDataFile(file, cwd);
    diagnostics.push(...read.diagnostics);
    const [, key, language] = m;
    if (NAMES.includes(key!.toLowerCase()) && !language) Object.assign(merged, read.value);
    else if (key!.toLowerCase() === 'languages' && language)
      merged.languages = { ...(merged.languages as object | undefined), [language]: read.value };
    else if (!language)
      merged[key!] = { ...(merged[key!] as object | undefined), ...(read.value as object | undefined) };
  }

  const get = (key: string) => getKey(merged, key);
  const defaultLanguage = String(get('defaultContentLanguage') ?? 'en').toLowerCase();
  const languages = (get('languages') ?? {}) as Record<string, unknown>;
  const languageDir = getKey(getKey(languages, defaultLanguage), 'contentDir');
  const mounts: unknown[] = (() => {
    const list = getKey(get('module'), 'mounts');
    return Array.isArray(list) ? list : [];
  })();
  // A module mount of the content folder (`source: content/en`, `target: content`), for
  // the default language or for all.
  const contentMount = mounts.find((mount) => {
    const lang = getKey(mount, 'lang');
    return (
      getKey(mount, 'target') === 'content' &&
      typeof getKey(mount, 'source') === 'string' &&
      (lang === undefined || String(lang).toLowerCase() === defaultLanguage)
    );
  });
  const contentDir =
    rootFile || existsSync(dir) || existsSync(path.join(root, 'content'))
      ? path.resolve(root, String(languageDir ?? getKey(contentMount, 'source') ?? get('contentDir') ?? 'content'))
      : root;
  const baseUrl = typeof get('baseURL') === 'string' ? (get('baseURL') as string) : undefined;
  let basePath = '/';
  try {
    if (baseUrl) basePath = new URL(baseUrl).pathname.replace(/\/?$/, '/');
  } catch {
    // A relative or empty baseURL: the site is served at the root.
  }
  const permalinks = (get('permalinks') ?? {}) as Record<string, unknown>;
  const pagePermalinks = getKey(permalinks, 'page');
  const ugly = get('uglyURLs');
  const params = (get('params') ?? {}) as Record<string, unknown>;
  const main = getKey(params, 'mainSections');
  const frontmatter = getKey(get('frontmatter'), 'date');
  const staticSetting = get('staticDir');
  const staticDirs = (Array.isArray(staticSetting) ? staticSetting : [staticSetting ?? 'static']).map((d) => ({
    prefix: '/',
    dir: path.resolve(root, String(d)),
  }));
  for (const mount of mounts) {
    const target = String(getKey(mount, 'target') ?? '');
    const source = getKey(mount, 'source');
    if (typeof source === 'string' && (target === 'static' || target.startsWith('static/')))
      staticDirs.push({
        prefix: `/${target.slice('static'.length).replace(/^\/|\/$/g, '')}/`.replace('//', '/'),
        dir: path.resolve(root, source),
      });
  }

  return {
    config: {
      contentDir,
      defaultLanguage,
      otherLanguages: new Set(
        Object.keys(languages)
          .map((l) => l.toLowerCase())
          .filter((l) => l !== defaultLanguage),
      ),
      basePath,
      baseUrl,
      languagePrefix: get('defaultContentLanguageInSubdir') === true ? `/${defaultLanguage}/` : '',
      timeZone: typeof get('timeZone') === 'string' ? (get('timeZone') as string) : undefined,
      permalink: (section) => {
        const value = getKey(pagePermalinks, section) ?? getKey(permalinks, section);
        return typeof value === 'string' ? value : undefined;
      },
      ugly: (section) => (typeof ugly === 'object' && ugly !== null ? getKey(ugly, section) === true : ugly === true),
      mainSections: Array.isArray(main) ? main.map(String) : typeof main === 'string' ? [main] : [],
      emoji: get('enableEmoji') === true,
      dateFromFilename: Array.isArray(frontmatter) && frontmatter.some((d) => String(d).toLowerCase() === ':filename'),
      keepCase: get('disablePathToLower') === true,
      staticDirs,
      params,
      title: typeof get('title') === 'string' ? (get('title') as string) : undefined,
    },
    diagnostics,
  };
}
