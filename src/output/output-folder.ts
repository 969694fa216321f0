import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_PATH, SHARD_MANIFEST_PATH } from './manifest.ts';

/**
 * An output folder that cannot be written safely, found while committing: a problem with
 * the site's folder, told as such, not a fault of Broadsheet's.
 */
export class OutputFolderError extends Error {
  override readonly name = 'OutputFolderError';
}

/**
 * Check an output path: relative, no "..", no backslashes or control characters. This is
 * the last line of defence that keeps every write inside the output folder.
 */
export function checkOutputPath(rel: string): string {
  const parts = rel.split('/');
  if (
    rel === '' ||
    rel.startsWith('/') ||
    /[\\\u0000-\u001f]/.test(rel) ||
    /^[a-z]:/i.test(rel) ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new Error(`refusing to write "${rel}": not a path inside the output folder`);
  }
  return rel;
}

/**
 * Refuse output folders whose replacement would destroy something else (the project
 * itself, the sources, a parent of them, or an existing folder that Broadsheet did not
 * make), and ones inside a source folder, whose files the next build would read as sources
 * (publishing the last output inside the next, build after build).
 */
export function checkOutputFolder(
  outDir: string,
  protect: readonly string[],
  options: {
    /** Files that show Broadsheet wrote a folder. */
    readonly marks?: readonly string[];
    /** Folders whose files are the site's sources (articles, layouts, public/). */
    readonly sources?: readonly string[];
  } = {},
): string | undefined {
  const { marks = [MANIFEST_PATH, SHARD_MANIFEST_PATH], sources = [] } = options;
  const out = path.resolve(outDir);
  if (out === path.parse(out).root) return `${outDir} is the root of the file system`;
  const within = sources.find((dir) => out.startsWith(path.resolve(dir) + path.sep));
  if (within)
    return `${outDir} is inside ${path.relative(process.cwd(), within) || '.'}, whose files are the site's sources`;
  for (const dir of protect) {
    const p = path.resolve(dir);
    const shown = path.relative(process.cwd(), p) || 'the current folder';
    // A build replaces its output folder whole.
    if (p === out) return `the output folder ${outDir} is ${shown}, which the build would replace whole`;
    if (p.startsWith(out + path.sep)) return `the output folder ${outDir} holds ${shown}, which the build would delete`;
  }
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) return `${path.relative(process.cwd(), out) || out} is a file, not a folder`;
    const entries = readdirSync(out);
    const written = marks.some((rel) => existsSync(path.join(out, rel)));
    if (entries.length > 0 && !written) {
      return `${outDir} exists and was not written by Broadsheet (no ${marks[0]}); it would be replaced`;
    }
  }
  return undefined;
}
