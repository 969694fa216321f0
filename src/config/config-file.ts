import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a project's config is: the file names looked for, and the file as messages name
 * it. Apart from config.ts so that layouts' helpers (icons) can name it without bundling
 * the config schema and zod.
 */
export const CONFIG_FILES = [
  'broadsheet.config.ts',
  'broadsheet.config.mjs',
  'broadsheet.config.js',
  'broadsheet.config.json',
];

/** The config file as messages name it, relative to `cwd`: the one read, or where one would go. */
export const configShown = (config: { readonly root: string; readonly file?: string | undefined }, cwd: string) =>
  path.relative(cwd, config.file ?? path.join(config.root, CONFIG_FILES[0]!));

/** Find the config file: an explicit path, or the first of CONFIG_FILES in `cwd`. */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit) return path.resolve(cwd, explicit);
  return CONFIG_FILES.map((name) => path.join(cwd, name)).find((file) => existsSync(file));
}
