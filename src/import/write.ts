import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';

/** One file of an imported post: the article's text, or an attachment copied from the old site. */
export type PlannedFile =
  { readonly to: string; readonly text: string } | { readonly to: string; readonly from: string };

/** Everything one post writes, and where to report a problem with it. */
export interface PlannedPost {
  /** The post's file in the old site, as shown in messages. */
  readonly source: string;
  /** Paths relative to the output folder, "/"-separated. */
  readonly files: readonly PlannedFile[];
}

export interface WriteResult {
  /** Posts whose files were all written (or, in a dry run, would be). */
  readonly written: number;
  readonly files: number;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Write the posts into `out`. A post none of whose files exists is written whole; one
 * that would overwrite a file is left out with an error, unless `force`. Nothing is ever
 * written outside `out`: a path that would leave it (through "..", or a folder inside it
 * that is a link to elsewhere) stops its post.
 */
export async function writePosts(
  out: string,
  posts: readonly PlannedPost[],
  options: { force: boolean; dryRun: boolean; cwd: string },
): Promise<WriteResult> {
  const diagnostics: Diagnostic[] = [];
  if (!options.dryRun) await mkdir(out, { recursive: true });
  const realOut = await realpath(out).catch(() => path.resolve(out));
  const inside = (target: string) => {
    const rel = path.relative(realOut, target);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  let written = 0;
  let files = 0;
  for (const post of posts) {
    const problem = await check(post, out, inside, options.force);
    if (problem) {
      diagnostics.push(
        problem.rule === 'import-exists'
          ? diagnostic(
              'import-exists',
              { file: post.source },
              `${path.relative(options.cwd, problem.path)} already exists; the post was not written`,
            )
          : diagnostic(
              'output-unsafe',
              { file: post.source },
              `${problem.path} would be written outside the output folder; the post was not written`,
            ),
      );
      continue;
    }
    if (!options.dryRun) {
      for (const file of post.files) {
        const target = path.join(out, ...file.to.split('/'));
        await mkdir(path.dirname(target), { recursive: true });
        if (!inside(path.join(await realpath(path.dirname(target)), path.basename(target))))
          throw new Error(`${target} left the output folder while writing`);
        if ('text' in file) await writeFile(target, file.text, { flag: options.force ? 'w' : 'wx' });
        else await copyFile(file.from, target, options.force ? 0 : constants.COPYFILE_EXCL);
      }
    }
    written++;
    files += post.files.length;
  }
  return { written, files, diagnostics };
}

/** Why a post cannot be written: a file that exists, or a path outside the output folder. */
async function check(
  post: PlannedPost,
  out: string,
  inside: (target: string) => boolean,
  force: boolean,
): Promise<{ rule: 'import-exists' | 'output-unsafe'; path: string } | undefined> {
  for (const file of post.files) {
    const segments = file.to.split('/');
    if (path.isAbsolute(file.to) || segments.some((s) => s === '' || s === '.' || s === '..'))
      return { rule: 'output-unsafe', path: file.to };
    const target = path.join(out, ...segments);
    // The deepest folder that exists already decides where the file really goes.
    let existing = path.dirname(target);
    while (!(await exists(existing)) && existing !== path.dirname(existing)) existing = path.dirname(existing);
    const real = await realpath(existing).catch(() => existing);
    if (!inside(path.join(real, path.relative(existing, target)))) return { rule: 'output-unsafe', path: file.to };
    const found = await lstat(target).catch(() => undefined);
    if (found?.isSymbolicLink()) return { rule: 'output-unsafe', path: file.to };
    if (found && !force) return { rule: 'import-exists', path: target };
  }
  return undefined;
}

const exists = (file: string) =>
  lstat(file).then(
    () => true,
    () => false,
  );
