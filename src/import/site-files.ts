import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { readFrontMatter, type RawFields } from './front-matter.ts';
import type { RawPost } from './old-site.ts';

/**
 * Every file under `dir`, as absolute paths, sorted. `.git`, `node_modules` and the
 * folders `skip` names (given their path relative to `dir`, "/"-separated) are not entered.
 */
export async function listFiles(dir: string, skip: (rel: string) => boolean = () => false): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules' && !skip(childRel))
          await walk(path.join(folder, entry.name), childRel);
      } else if (entry.isFile()) out.push(path.join(folder, entry.name));
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** Read a config or data file of the old site (YAML, TOML or JSON) into plain values. */
export async function readDataFile(file: string, cwd: string): Promise<{ value?: unknown; diagnostics: Diagnostic[] }> {
  try {
    const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const ext = path.extname(file).toLowerCase();
    const value =
      ext === '.toml'
        ? parseToml(text)
        : ext === '.json'
          ? JSON.parse(text)
          : parseYaml(text, {
              version: '1.1',
              uniqueKeys: false,
              customTags: (tags) =>
                tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
            });
    return { value: plainDates(value), diagnostics: [] };
  } catch (error) {
    return {
      diagnostics: [
        diagnostic(
          'import-skipped',
          { file: path.relative(cwd, file) },
          `cannot read this file of the site: ${(error as Error).message.split('\n')[0]}`,
          {
            severity: 'warning',
            hint: 'The importer goes on without it; settings it holds (permalinks, time zone, authors) are not applied.',
          },
        ),
      ],
    };
  }
}

function plainDates(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainDates);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainDates(v)]));
  return value;
}

/** The first of several candidate files that exists. */
export const firstExisting = (dir: string, names: readonly string[]): string | undefined =>
  names.map((n) => path.join(dir, n)).find((f) => existsSync(f));

/** Read a post file: its text normalised as Broadsheet reads articles. */
export async function readRawPost(
  file: string,
  rel: string,
  cwd: string,
  resources: readonly string[] = [],
): Promise<RawPost> {
  const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  return { file: path.relative(cwd, file) || file, path: file, rel, text, resources, mtime: info.mtimeMs };
}

/** A value of a case-insensitive key (Hugo's config and front matter ignore case). */
export function getKey(object: unknown, key: string): unknown {
  if (!object || typeof object !== 'object') return undefined;
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(object)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Front matter with `--rename` applied: a field written `from` is read as `to`. */
export function renamed(fields: RawFields, renames: ReadonlyMap<string, string>): RawFields {
  if (renames.size === 0) return fields;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[renames.get(k) ?? k] = v;
  return out;
}

/** Only the front matter of a file (for pages a post links to), or undefined when it has none. */
export async function frontMatterOf(file: string): Promise<RawFields | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).replace(/\r\n?/g, '\n');
    const parsed = readFrontMatter(text, file);
    return Array.isArray(parsed) || parsed.format === 'none' ? undefined : parsed.fields;
  } catch {
    return undefined;
  }
}
