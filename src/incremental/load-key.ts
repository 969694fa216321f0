import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/config.ts';

/** The settings that affect loading, hashed: a change to any of them reloads every article. */
export function loadKey(config: ResolvedConfig, toolVersion: string): string {
  const { markdown, permalink, timeZone, sections, basePath, url, language, wordsPerMinute, altText, images } = config;
  return createHash('sha256')
    .update(
      JSON.stringify({
        toolVersion,
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
      }),
    )
    .digest('hex');
}
