import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../util/hash.ts';
import { checkOutputPath } from './output-folder.ts';

/**
 * A build's staging folder, as plain data (worker threads are given it). A first build
 * stages the output's tree, which then becomes the output whole. A rebuild stages `flat`,
 * every file straight in the folder under a name made from its path, and moves each into
 * the existing tree at commit: a rebuild that shifts a few hundred listing pages would
 * otherwise make a few hundred folders only to throw them away.
 */
export interface Staging {
  readonly dir: string;
  readonly flat: boolean;
}

/** A flat staging name: the path with "%" and "/" escaped (one to one), or its hash when that is too long for a file name. */
function flatName(rel: string): string {
  const name = rel.replaceAll('%', '%25').replaceAll('/', '%2F');
  return Buffer.byteLength(name) <= 200 ? name : `~${sha256(rel)}`;
}

/** Where a staged file is, without making anything. */
export const stagedFile = (staging: Staging, rel: string): string =>
  path.join(staging.dir, staging.flat ? flatName(checkOutputPath(rel)) : checkOutputPath(rel));

/**
 * Writes into one staging folder from one thread, remembering the folders it made:
 * creating a folder costs system calls even when it exists, and pages share few folders.
 */
export class Stager {
  private readonly made = new Set<string>();

  constructor(readonly staging: Staging) {}

  /** Where a file goes, its folder made if this stager has not made it yet. */
  path(rel: string): string {
    const file = stagedFile(this.staging, rel);
    if (this.staging.flat) return file;
    const dir = path.dirname(file);
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    return file;
  }

  writeSync(rel: string, contents: string | Uint8Array): void {
    writeFileSync(this.path(rel), contents);
  }
}
