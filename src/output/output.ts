import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mapConcurrently } from '../util/concurrently.ts';
import { manifestBytes, MANIFEST_PATH, type FileDigest } from './manifest.ts';
import { checkOutputPath, OutputFolderError } from './output-folder.ts';
import { Stager, stagedFile, type Staging } from './staging.ts';
import { sha256 } from '../util/hash.ts';
import { linkedFolder } from '../util/linked-folder.ts';

/** What a build changed in the output folder. */
export interface Changes {
  readonly written: number;
  readonly unchanged: number;
  readonly deleted: number;
  /** Written and deleted files, sorted. */
  readonly paths: readonly string[];
}

/** Where the record of the output's files goes, and the fields before them (a shard's). */
export interface FilesRecord {
  readonly path: string;
  readonly head: Readonly<Record<string, unknown>>;
}

/** Bytes gathered before each write of a file made in chunks. */
const WRITE_CHUNK = 1 << 20;

/**
 * The output of one build. New and changed files are written to a staging folder beside
 * the output folder; nothing in the output changes until `commit()`. Files whose content
 * is unchanged since the previous build are not written at all, so their modification
 * times stay and deploy tools upload only what changed.
 */
export class Output {
  readonly staging: Staging;
  /** Made anew by `open()`: a new staging folder has none of the last one's folders. */
  private stager: Stager;
  readonly files = new Map<string, FileDigest>();
  private readonly staged = new Set<string>();
  /** Staged files already put in place by `moveNow()`. */
  private readonly moved = new Set<string>();

  constructor(
    readonly dir: string,
    /**
     * The previous build's manifest; undefined for a fresh (or `--no-cache`) build. Its
     * paths are what a build deletes: read from disk, it is one `readOutputRecord` trusts.
     */
    readonly previous: Readonly<Record<string, FileDigest>> | undefined,
  ) {
    this.staging = {
      dir: path.join(path.dirname(dir), `.${path.basename(dir)}.staging-${process.pid}`),
      flat: previous !== undefined && existsSync(dir),
    };
    this.stager = new Stager(this.staging);
  }

  /** Prepare an empty staging folder. */
  async open(): Promise<void> {
    await rm(this.staging.dir, { recursive: true, force: true });
    await mkdir(this.staging.dir, { recursive: true });
    this.stager = new Stager(this.staging);
  }

  /** Is the file as the previous build left it? Then it need not be written again. */
  unchanged(rel: string, digest: FileDigest): boolean {
    const before = this.previous?.[rel];
    return before !== undefined && before.sha256 === digest.sha256 && before.size === digest.size;
  }

  /** Record a file that a worker already staged (or found unchanged). */
  record(rel: string, digest: FileDigest, staged: boolean): void {
    if (this.files.has(rel)) throw new Error(`two pages would both be written to "${rel}"`);
    this.files.set(rel, digest);
    if (staged) this.staged.add(rel);
    this.changed = undefined;
  }

  /**
   * Keep the previous build's file if it has these bytes (a copy whose digest is known);
   * false, recording nothing, when it does not.
   */
  keepUnchanged(rel: string, digest: FileDigest): boolean {
    if (!this.unchanged(rel, digest)) return false;
    this.record(rel, digest, false);
    return true;
  }

  /** Keep a file of the previous build as it is (its inputs have not changed). */
  keep(rel: string): boolean {
    const before = this.previous?.[rel];
    if (!before) return false;
    this.record(rel, before, false);
    return true;
  }

  async write(rel: string, contents: string | Uint8Array): Promise<FileDigest> {
    const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
    const digest = { size: bytes.byteLength, sha256: sha256(bytes) };
    const same = this.unchanged(rel, digest);
    this.record(rel, digest, !same);
    if (!same) this.stager.writeSync(rel, bytes);
    return digest;
  }

  /**
   * Write a file made in chunks, `fill` putting them in order: a large file need not be
   * held whole in memory, and a chunk may be reused once put. Staged, then dropped again
   * if its bytes are the previous build's.
   */
  async writeChunks(
    rel: string,
    fill: (put: (bytes: Uint8Array) => void) => void | Promise<void>,
  ): Promise<FileDigest> {
    const file = this.stager.path(rel);
    const hash = createHash('sha256');
    let size = 0;
    const fd = openSync(file, 'w');
    // Small chunks are gathered into one write: a system call per story piece would cost more than the piece.
    const pending = Buffer.allocUnsafe(WRITE_CHUNK);
    let used = 0;
    const writeAll = (bytes: Uint8Array) => {
      for (let done = 0; done < bytes.byteLength;) done += writeSync(fd, bytes, done);
    };
    try {
      await fill((bytes) => {
        hash.update(bytes);
        size += bytes.byteLength;
        if (used + bytes.byteLength > pending.length) {
          writeAll(pending.subarray(0, used));
          used = 0;
        }
        if (bytes.byteLength >= pending.length) writeAll(bytes);
        else {
          pending.set(bytes, used);
          used += bytes.byteLength;
        }
      });
      writeAll(pending.subarray(0, used));
    } finally {
      closeSync(fd);
    }
    const digest = { size, sha256: hash.digest('hex') };
    const same = this.unchanged(rel, digest);
    this.record(rel, digest, !same);
    if (same) await rm(file);
    return digest;
  }

  /**
   * Copy a file; when its digest is already known (from the cache), an unchanged file is not
   * even read. With `link`, the copy is a hard link where the file system allows one: only
   * for files nothing writes to in place (a shard's output, which builds replace file by
   * file), since the two names then share their bytes.
   */
  async copy(from: string, rel: string, known?: FileDigest, { link: linked = false } = {}): Promise<FileDigest> {
    let digest = known;
    if (!digest) {
      const bytes = await readFile(from);
      digest = { size: bytes.byteLength, sha256: sha256(bytes) };
    }
    if (this.keepUnchanged(rel, digest)) return digest;
    this.record(rel, digest, true);
    // Its folder made once per build, as for written files: pictures share a few folders.
    const to = this.stager.path(rel);
    if (linked) {
      // Another file system, or one that refuses links: copied instead.
      const done = await link(from, to).then(
        () => true,
        () => false,
      );
      if (done) return digest;
    }
    await copyFile(from, to);
    return digest;
  }

  /**
   * Put some staged files in place now, before the rest are committed (watch mode shows
   * the page of the story being edited first). They count as written by this build.
   */
  async moveNow(rels: readonly string[]): Promise<string[]> {
    const moved: string[] = [];
    // Only into an existing output: a first build's staging folder becomes the output whole.
    if (!this.staging.flat) return moved;
    const todo = rels.filter((rel) => this.staged.has(rel) && !this.moved.has(rel));
    await this.realFolders(todo);
    for (const rel of todo) {
      await moveInto(stagedFile(this.staging, rel), path.join(this.dir, rel));
      this.moved.add(rel);
      moved.push(rel);
    }
    return moved;
  }

  /** Put every file staged so far in place now (see `moveNow()`); returns them. */
  moveStaged(): Promise<string[]> {
    return this.moveNow([...this.staged]);
  }

  /** The files written by this build (rather than kept from the previous one). */
  writtenFiles(): ReadonlySet<string> {
    return this.staged;
  }

  /** Was the file written by this build (rather than kept from the previous one)? */
  isStaged(rel: string): boolean {
    return this.staged.has(rel);
  }

  /** Read a file of this build before it is committed: from staging if written now, else from the output. */
  read(rel: string): Promise<Buffer> {
    return readFile(
      this.staged.has(rel) && !this.moved.has(rel)
        ? stagedFile(this.staging, rel)
        : path.join(this.dir, checkOutputPath(rel)),
    );
  }

  /** What changed against the previous build, for the summary line and deploy logs. */
  changes(): Changes {
    // Kept until the next file is recorded: the build asks, then commit() asks again,
    // and for a large archive each asking walks tens of thousands of paths.
    if (this.changed) return this.changed;
    const deleted = this.previous
      ? Object.keys(this.previous).filter((rel) => !this.files.has(rel) && rel !== MANIFEST_PATH)
      : [];
    this.changed = {
      written: this.staged.size,
      unchanged: this.files.size - this.staged.size,
      deleted: deleted.length,
      paths: [...this.staged, ...deleted].sort(),
    };
    return this.changed;
  }
  private changed: Changes | undefined;

  /**
   * Make the build visible. Without a previous output the staging folder simply becomes the
   * output; otherwise changed files are moved in one by one and files no longer produced
   * are deleted. The manifest is written last.
   */
  /**
   * `manifest: false` skips writing the manifest (a commit that writes it follows at once);
   * `'always'` writes it even when no file changed (it follows such a commit). `record`
   * writes a shard's record of its files instead, always: its fields may change when its
   * files do not.
   */
  async commit(options: { manifest?: boolean | 'always'; record?: FilesRecord } = {}): Promise<void> {
    const record = options.record ?? { path: MANIFEST_PATH, head: {} };
    const manifestBytesNow = () => manifestBytes(this.files, record.head);
    if (options.manifest === false && this.staging.flat) {
      // Another commit follows at once and writes it (watch mode's pages, then feeds).
      // Should it never come, the next build finds pages newer than the manifest says
      // and writes them again: nothing is lost.
      await this.moveIn();
      return;
    }
    if (!this.staging.flat) {
      this.stager.writeSync(record.path, this.digested(manifestBytesNow()));
      const old = path.join(path.dirname(this.dir), `.${path.basename(this.dir)}.old-${process.pid}`);
      if (existsSync(this.dir)) await rename(this.dir, old);
      await rename(this.staging.dir, this.dir);
      await rm(old, { recursive: true, force: true });
      return;
    }
    const { written, deleted } = this.changes();
    if (written === 0 && deleted === 0 && options.manifest !== 'always' && !options.record) {
      // Nothing changed: the manifest on disk already says this.
      await rm(this.staging.dir, { recursive: true, force: true });
      return;
    }
    // The renames run on libuv's threads while this one writes the manifest's text.
    const moving = this.moveIn();
    const manifest = this.digested(manifestBytesNow());
    await moving;
    await mkdir(path.join(this.dir, path.dirname(record.path)), { recursive: true });
    await writeFile(path.join(this.dir, record.path), manifest);
    await rm(this.staging.dir, { recursive: true, force: true });
  }

  /**
   * The SHA-256 of the manifest (or shard record) the last commit wrote; undefined when it
   * wrote none, the one on disk describing the output still.
   */
  get recordSha256(): string | undefined {
    return this.lastRecord;
  }
  private lastRecord: string | undefined;
  private digested(bytes: Buffer): Buffer {
    this.lastRecord = sha256(bytes);
    return bytes;
  }

  /**
   * Refuse to write or delete through a folder of the output that is a symbolic link (put
   * there by hand, or in an output restored from a cache or an artifact): the files would
   * land, or go, wherever it points. Checked before anything moves, folder by folder once.
   */
  private async realFolders(rels: readonly string[]): Promise<void> {
    for (const rel of rels) {
      const folder = await linkedFolder(this.dir, rel, this.folders);
      if (folder)
        throw new OutputFolderError(
          `${folder} is a symbolic link: the output folder may hold only what Broadsheet wrote (delete it, or build into a new folder)`,
        );
    }
  }
  private readonly folders = new Map<string, Promise<boolean>>();

  /** Move staged files into the output and delete files no longer produced. */
  private async moveIn(): Promise<void> {
    const previous = this.previous ?? {};
    // A few at a time: each rename waits on the disk, and no two share a target.
    const moves = [...this.staged].sort().filter((rel) => !this.moved.has(rel));
    const deletes = Object.keys(previous).filter((rel) => !this.files.has(rel) && rel !== MANIFEST_PATH);
    await this.realFolders([...moves, ...deletes]);
    await mapConcurrently(moves, 8, (rel) => moveInto(stagedFile(this.staging, rel), path.join(this.dir, rel)));
    const dirs = new Set<string>();
    for (const rel of deletes) {
      await rm(path.join(this.dir, rel), { force: true });
      for (let d = path.dirname(rel); d !== '.'; d = path.dirname(d)) dirs.add(d);
    }
    // Remove folders left empty, deepest first.
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
      const full = path.join(this.dir, d);
      if (existsSync(full) && readdirSync(full).length === 0) await rmdir(full);
    }
  }

  /** Work writing into the staging folder in the background: `abort()` waits for it. */
  track(work: Promise<unknown>): void {
    this.background.push(work.catch(() => undefined));
  }
  private readonly background: Promise<unknown>[] = [];

  /** Throw the staged files away, once background work has stopped writing them. */
  async abort(): Promise<void> {
    await Promise.all(this.background);
    await rm(this.staging.dir, { recursive: true, force: true });
  }
}

/** Rename a staged file into the output, making its folder only if it is not there (most are). */
async function moveInto(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
  }
}
