import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { ResolvedConfig } from '../config/config.ts';

/** The settings that affect loading, by the config field each is (in the key's order). */
function loadSettings(config: ResolvedConfig) {
  const { markdown, permalink, timeZone, sections, basePath, url, language, wordsPerMinute, altText, images } = config;
  // Only the folder's name: an image path may climb out of it and back in by name.
  const articles = basename(config.articles);
  return {
    markdown,
    permalink,
    timeZone,
    sections,
    basePath,
    url,
    language,
    wordsPerMinute,
    altText,
    images,
    articles,
    customFields: config.customFields,
  };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The settings that affect loading, hashed: a change to any of them reloads every article. */
export function loadKey(config: ResolvedConfig, toolVersion: string): string {
  return sha256(JSON.stringify({ toolVersion, ...loadSettings(config) }));
}

/**
 * Each load setting's digest, by field: a loaded part records them, so that a build with
 * another key can say which setting differs (`changedSettings`).
 */
export function loadSettingDigests(config: ResolvedConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(loadSettings(config)).map(([name, value]) => [name, sha256(JSON.stringify(value) ?? '')]),
  );
}

/** The config fields whose digests differ, `url` for the site's URL and its path. */
export function changedSettings(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((name) => a[name] !== b[name]);
  return [...new Set(names.map((name) => (name === 'basePath' ? 'url' : name)))];
}
