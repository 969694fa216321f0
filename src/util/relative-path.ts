import path from 'node:path';

/**
 * `path.relative(root, file)` for absolute, normalized paths, without its work for the
 * common case of a file inside `root`: a build asks it for every copied file of an
 * archive (tens of thousands), and path.relative() does far more work than this needs.
 */
export function relativeTo(root: string, file: string): string {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  return file.startsWith(prefix) && !file.endsWith(path.sep) ? file.slice(prefix.length) : path.relative(root, file);
}

/** A relative path that path.join() would leave as it is: no empty, "." or ".." segment, no leading or trailing "/". */
const PLAIN_RELATIVE = /^(?!\/)(?!.*\/\/)(?!(?:.*\/)?\.\.?(?:\/|$)).*[^/]$/s;

/** Whether `rel` is a plain relative path, inside whatever folder it is joined to (no "..", not absolute). */
export const isPlainRelative = (rel: string): boolean => PLAIN_RELATIVE.test(rel);

/**
 * `path.join(dir, rel)` for an absolute, normalized `dir`, without normalizing again when
 * `rel` is plain, as the paths discover() lists are: a build joins the articles folder
 * with every article and attachment of the archive (tens of thousands), and
 * path.join() normalizes each again and leaves garbage behind.
 */
export function joinInside(dir: string, rel: string): string {
  if (path.sep !== '/' || !PLAIN_RELATIVE.test(rel)) return path.join(dir, rel);
  return dir.endsWith('/') ? `${dir}${rel}` : `${dir}/${rel}`;
}

/** Whether `dir` is `parent` or inside it (both resolved first). */
export function isWithin(dir: string, parent: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(dir));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
