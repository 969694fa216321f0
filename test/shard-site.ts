import { resolveConfig, type UserConfig } from '../src/config/config.ts';
import { prng, SAMPLE_LAYOUTS, tempSite } from './helpers.ts';
import { swatch } from './photo-images.ts';

/** A random small site for sharded builds, and its config (test/shard.test.ts, test/load-part.test.ts). */

export const NOW = Date.parse('2024-03-10T12:00:00Z');
const SECTIONS = ['world', 'sport', 'culture'];
const TAGS = ['elections', 'energy', 'football', 'film', 'C++', 'Énergie'];
const AUTHORS = ['Ana Ruiz', 'Ben Okoro', 'Chen Wei'];

/**
 * A random small site: stories in a few sections with tags, authors, pictures, aliases,
 * drafts and embargoed stories, bodies of very different lengths (what slicing weighs).
 * Its folder is added to `dirs`, for the test to remove.
 */
export async function corpus(seed: number, stories: number, dirs: string[]): Promise<string> {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const files: Record<string, string | Uint8Array> = {
    'public/logo.svg':
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>',
    'public/notes.txt': 'Notes\n',
    'articles/images/a.png': await swatch(0),
    'articles/images/b.png': await swatch(1),
  };
  for (let n = 0; n < stories; n++) {
    const day = 1 + Math.floor(rand() * 12);
    const words = 'Words here and there. '.repeat(1 + Math.floor(rand() ** 3 * 400));
    files[`articles/s${n}.md`] = [
      '---',
      `title: "Story ${n} on ${pick(TAGS)}"`,
      `date: 2024-03-${String(day).padStart(2, '0')}T${String(Math.floor(rand() * 24)).padStart(2, '0')}:00:00Z`,
      `section: ${pick(SECTIONS)}`,
      `tags: ${JSON.stringify([...new Set([pick(TAGS), pick(TAGS)])])}`,
      `authors: ${JSON.stringify([pick(AUTHORS)])}`,
      ...(rand() < 0.1 ? ['draft: true'] : []),
      ...(rand() < 0.3 ? ['image:', `  src: images/${pick(['a.png', 'b.png'])}`, '  alt: A picture'] : []),
      ...(rand() < 0.2 ? [`aliases: ["/old/${n}/"]`] : []),
      '---',
      '',
      `Paragraph of story ${n}. ${words}`,
      '',
    ].join('\n');
  }
  const dir = await tempSite(files);
  dirs.push(dir);
  return dir;
}

export const user = (search: boolean): UserConfig => ({
  url: 'https://example.org/news/',
  title: 'Shard Times',
  timeZone: 'UTC',
  search,
  // A volume a day (the stories are all of March 2024): shards make the volumes whose
  // pages are all their own, merge the ones cut between shards.
  searchVolumeLimit: 1,
  ledger: false,
  publisher: { name: 'Shard Times', logo: '/logo.svg' },
  listings: { pageSize: 3 },
});

export function configOf(dir: string, out: string, search: boolean, more: Partial<UserConfig> = {}) {
  const { config, diagnostics } = resolveConfig(
    { articles: 'articles', ...user(search), ...more },
    { root: dir, cwd: dir, overrides: { now: NOW, layouts: SAMPLE_LAYOUTS, out } },
  );
  if (!config) throw new Error(JSON.stringify(diagnostics));
  return config;
}
