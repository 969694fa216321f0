import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { Output } from '../../output/output.ts';
import type { SiteIcons } from '../../render/icons.ts';
import { sha256 } from '../../util/hash.ts';
import type { Env } from '../env.ts';

/**
 * The icons as the cache keeps them: made once for a logo and the settings they depend on,
 * with the warning they were made with (a logo that cannot be read), said again each build.
 */
interface Kept {
  readonly files: readonly { readonly path: string; readonly base64: string }[];
  readonly links: SiteIcons['links'];
  readonly diagnostics?: Diagnostic[];
}

/**
 * icons: the favicon, touch icons and web manifest made from `publisher.logo`, or from the
 * site's initial without one. Drawing them takes sharp a while, so they are made once for
 * each logo (by its bytes, or its address when it has none to read) and kept in the
 * cache. A site with no logo and a favicon.ico of its own gets none: links to icons of
 * the initial would take the place of its own in browsers that prefer them.
 */
export async function makeIcons(env: Env): Promise<{ icons?: SiteIcons | undefined; diagnostics: Diagnostic[] }> {
  const { config } = env;
  const { logoFile, siteFile, siteIcons } = await import('../../render/icons.ts');
  if (!config.publisher.logo && siteFile(config, 'favicon.ico')) return { diagnostics: [] };
  const file = logoFile(config);
  const logo = file ? await readFile(file).catch(() => undefined) : undefined;
  const drawn = !config.publisher.logo ? 'no logo' : logo ? sha256(logo) : `unread ${config.publisher.logo}`;
  const key = sha256(`${drawn}\0${JSON.stringify([config.title, config.basePath, env.tool])}`);
  const kept = path.join(env.cacheDir, 'icons', `${key}.json`);
  const found = await readFile(kept, 'utf8').then(
    (text) => JSON.parse(text) as Kept,
    () => undefined,
  );
  if (found) {
    const files = found.files.map((f) => ({ path: f.path, bytes: Buffer.from(f.base64, 'base64') }));
    return { icons: { files, links: found.links }, diagnostics: found.diagnostics ?? [] };
  }
  const made = await siteIcons(config, env.cwd);
  const record: Kept = {
    files: made.icons.files.map((f) => ({ path: f.path, base64: Buffer.from(f.bytes).toString('base64') })),
    links: made.icons.links,
    diagnostics: made.diagnostics,
  };
  await mkdir(path.dirname(kept), { recursive: true });
  await writeFile(`${kept}.${process.pid}.tmp`, JSON.stringify(record));
  await rename(`${kept}.${process.pid}.tmp`, kept);
  return made;
}

/** Write the icon files, except those the site provides itself (a favicon.ico in public/). */
export async function writeIcons(icons: SiteIcons | undefined, output: Output): Promise<void> {
  for (const file of icons?.files ?? []) if (!output.files.has(file.path)) await output.write(file.path, file.bytes);
}
