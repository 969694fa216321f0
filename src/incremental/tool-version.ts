import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/package-root.ts';

/**
 * What identifies the Broadsheet that is running, for the cache keys: its version, its
 * lockfile and its own source code. The version alone is not enough: a site that keeps
 * Broadsheet in its repository, or installs it from git, runs new code under the same
 * version, and a cache restored by CI would then keep pages the old code made.
 */
export function toolVersion(root: string = packageRoot): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256');
  const lockfile = path.join(root, 'package-lock.json');
  hash.update(existsSync(lockfile) ? readFileSync(lockfile) : '');
  // lib/ is compiled from src/ and the dependencies the lockfile pins (esbuild among them):
  // hashing the two covers it.
  const code = path.join(root, 'src');
  const files = existsSync(code)
    ? readdirSync(code, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(code, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
        .sort()
    : [];
  for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(path.join(code, file)));
  return `${pkg.version}+${hash.digest('hex').slice(0, 16)}`;
}
