import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Broadsheet's own folder, found from this module whether it runs from src/ or a lib/ bundle. */
export const packageRoot: string = (() => {
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'bin', 'broadsheet.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find Broadsheet's package folder above ${here}`);
  }
})();

/** True when running the compiled bundles in lib/ rather than src/ through tsx. */
export const compiled: boolean = here.startsWith(path.join(packageRoot, 'lib'));

/**
 * Broadsheet's own layouts and their assets: a site uses each one it does not define
 * itself (a site's `layouts/story.tsx` replaces the story layout only, its
 * `layouts/assets/style.css` that one file only).
 */
export const defaultLayouts: string = path.join(packageRoot, 'layouts');
