import path from 'node:path';

/**
 * `path.relative(root, file)` for absolute, normalized paths, without its work for the
 * common case of a file inside `root`: a build asks it for every copied file of an
 * archive (tens of thousands), where path.relative() took ~20 ms.
 */
export function relativeTo(root: string, file: string): string {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(root, file);
}
