import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { readManifest, SHARD_MANIFEST_PATH, type FileDigest } from '../output/manifest.ts';
import { Output } from '../output/output.ts';
import { mapConcurrently } from '../util/concurrently.ts';
import { linkedFolder } from '../util/linked-folder.ts';
import { isWithin } from '../util/relative-path.ts';
import { unsafeOutput } from './full-build.ts';
import { Run } from './run.ts';
import type { BuildResult, Progress } from './types.ts';
import { mergeSettings, SHARD_PART_NAMES, type ShardKeyPart } from './shard.ts';
import { readShard, type ShardOutput } from './shard-output.ts';
import { checkBuild } from './stages/check.ts';
import { commitOutput } from './stages/commit.ts';
import { compressFiles } from './stages/compress.ts';
import { writeHeaders } from './stages/headers.ts';
import { outputPath, SEARCH_FOLDER } from '../routes/route.ts';
import { searchOff, searchVolumePages, volumeKeeper, type VolumeUrls } from './stages/search.ts';

/** What a file a shard's record lists turned out to be, by the error found. */
const LOST: Readonly<Record<string, string>> = {
  ENOENT: 'missing',
  ENOTDIR: 'missing',
  EISDIR: 'not a file',
  ELINK: 'a symbolic link, or in a linked folder, not a file of the folder',
};

export interface MergeResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly shards: number;
  readonly files: number;
  readonly bytes: number;
  readonly written: number;
  readonly deleted: number;
  /**
   * The search index's volumes: those a shard made (every page of theirs on it), those
   * merge made, and those it kept as its last output had them.
   */
  readonly search?: { readonly fromShards: number; readonly made: number; readonly kept: number } | undefined;
  /** What `--check` checked of the merged site. */
  readonly checked?: BuildResult['checked'] | undefined;
  /** Milliseconds per step, in the order they ran. */
  readonly timings: readonly (readonly [step: string, ms: number])[];
}

/**
 * `broadsheet merge`: join the outputs of every shard of one build into the site, as a
 * build of the whole site on one machine would have written it. The shards' records are
 * checked first (one build, every shard once, no file two shards disagree on); then their
 * files are staged, search indexes every story page, `_headers` lists every file, and the
 * output is committed atomically with its manifest: a refused or failed merge leaves it
 * as it was.
 */
export async function mergeShards(
  config: ResolvedConfig,
  dirs: readonly string[],
  cwd: string,
  progress?: Progress,
  /** Check the merged site, as `broadsheet check` does, before it replaces the output (`--check`). */
  check = false,
): Promise<MergeResult> {
  const run = new Run(progress);
  const { timings } = run;
  const failed = (diagnostics: readonly Diagnostic[]): MergeResult => ({
    ok: false,
    diagnostics: sortDiagnostics(diagnostics),
    shards: dirs.length,
    files: 0,
    bytes: 0,
    written: 0,
    deleted: 0,
    timings,
  });
  const shown = (file: string) => path.relative(cwd, file) || '.';
  const read = await run.stage('read', () => Promise.all(dirs.map((dir) => readShard(dir, shown))));
  const problems = read.flatMap((r) => ('problem' in r ? [r.problem] : []));
  if (problems.length) return failed(problems);
  const shards = read.flatMap((r) => ('problem' in r ? [] : [r])).sort((a, b) => a.shard - b.shard);
  const joined = joinShards(shards, config);
  const refused = await placed(joined.refusals);
  const unsafe = shardAsOutput(config.out, shards, shown) ?? unsafeOutput(config, cwd, dirs);
  if (unsafe) refused.push(unsafe);
  if (hasErrors(refused)) return failed(refused);

  const output = new Output(config.out, await readManifest(config.out));
  await output.open();
  try {
    // A file the record lists that is not there, or not of the size it lists (an artifact
    // half downloaded, a file changed after its shard's build), fails the merge, not
    // Broadsheet. The size costs a stat; the bytes are trusted (`broadsheet check` hashes them).
    const lost: Diagnostic[] = [];
    // Not followed: a link in a shard's folder, the file's or a folder's above it, may point
    // anywhere (/etc/passwd), and the output would link to it. Each folder is looked at once.
    const folders = new Map<string, Promise<boolean>>();
    await run.stage('copy', () =>
      mapConcurrently([...joined.files], 16, async ([rel, { dir, digest, shard }]) => {
        const from = path.join(dir, rel);
        let size: number;
        try {
          const found = await lstat(from);
          if (found.isSymbolicLink() || (await linkedFolder(dir, rel, folders)))
            throw Object.assign(new Error('a symbolic link'), { code: 'ELINK' });
          if (!found.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
          size = found.size;
        } catch (error) {
          // Whatever the reason (gone, a folder in its place, unreadable), the shard's folder is not what its record says.
          const code = (error as NodeJS.ErrnoException).code;
          const what = LOST[code ?? ''] ?? `unreadable (${code ?? String(error)})`;
          const reason = `${shown(from)} is listed in shard ${shard.shard}'s record but ${what}`;
          return void lost.push(diagnostic('shard-invalid', { file: shard.shown }, reason));
        }
        if (size === digest.size) return void (await output.copy(from, rel, digest, { link: true }));
        const reason = `${shown(from)} is ${size} bytes, and shard ${shard.shard}'s record lists ${digest.size}: it changed after the shard was built`;
        lost.push(diagnostic('shard-invalid', { file: shard.shown }, reason));
      }),
    );
    if (lost.length) {
      await output.abort();
      return failed(lost);
    }
    const diagnostics: Diagnostic[] = [];
    let search: MergeResult['search'];
    if (config.search) {
      // A shard made each volume whose pages were all its own (its files are copied now);
      // the others, cut between shards, are made here, or kept as the last merge made
      // them while none of their pages changed.
      const fromShards = (volume: VolumeUrls) =>
        joined.files.has(`${SEARCH_FOLDER}/${volume.name}/pagefind-entry.json`);
      const rest = (shards[0]!.search ?? []).filter((volume) => !fromShards(volume));
      const changed = changedPages(output);
      const keepVolume = volumeKeeper(output);
      const again = rest.filter((volume) => changed(volume) || !keepVolume(volume.name));
      const progress = (total: number) => run.ticker('search', total);
      diagnostics.push(
        ...(await run.stage('search', () => searchVolumePages(config, cwd, again, output, { progress }))),
      );
      const all = shards[0]!.search?.length ?? 0;
      search = { fromShards: all - rest.length, made: again.length, kept: rest.length - again.length };
    } else diagnostics.push(searchOff(config, cwd));
    if (shards[0]!.compress) await run.stage('compress', () => compressFiles(output));
    await writeHeaders(config, output);
    const checked = check ? await run.stage('check', () => checkMerged(config, cwd, output, run)) : undefined;
    if (checked && !checked.ok) {
      await output.abort();
      return failed([...diagnostics, ...checked.diagnostics]);
    }
    const changes = await run.stage('commit', () => commitOutput(output));
    let bytes = 0;
    for (const file of output.files.values()) bytes += file.size;
    return {
      ok: true,
      diagnostics: sortDiagnostics(diagnostics),
      shards: shards.length,
      files: output.files.size,
      bytes,
      written: changes.written,
      deleted: changes.deleted,
      search,
      ...(checked ? { checked: checked.summary } : {}),
      timings,
    };
  } catch (error) {
    await output.abort();
    throw error;
  }
}

/** `--check`: the merged site checked as a build's is, with the URL ledger's promises. */
async function checkMerged(config: ResolvedConfig, cwd: string, output: Output, run: Run) {
  const { readLedgerFile } = await import('../site/ledger-file.ts');
  const ledger = config.ledger ? (await readLedgerFile(config.ledger)).ledger : undefined;
  return checkBuild({ config, cwd }, output, run, ledger);
}

/** The output folder is, holds or is inside a shard's folder: this merge's input. */
function shardAsOutput(
  out: string,
  shards: readonly ShardOutput[],
  shown: (file: string) => string,
): Diagnostic | undefined {
  const shard = shards.find((s) => isWithin(out, s.dir) || isWithin(s.dir, out));
  if (!shard) return undefined;
  const how = path.resolve(out) === path.resolve(shard.dir) ? 'is' : isWithin(out, shard.dir) ? 'is inside' : 'holds';
  return diagnostic(
    'output-unsafe',
    { file: shown(out) },
    `the output folder ${shown(out)} ${how} the folder of shard ${shard.shard}, which this merge reads`,
  );
}

/**
 * Whether a volume's pages changed since the output's last merge: one of its pages was
 * written, or a page the output had is gone. A story that joined or left the volume wrote
 * a page or removed one; which volume a removed page was in is not known (its URL need
 * not hold its date), so one gone page counts against every volume.
 */
function changedPages(output: Output): (volume: VolumeUrls) => boolean {
  const page = (rel: string) => rel.endsWith('.html');
  const written = new Set([...output.writtenFiles()].filter(page));
  const gone = Object.keys(output.previous ?? {}).some((rel) => page(rel) && !output.files.has(rel));
  return (volume) => gone || volume.urls.some((url) => written.has(outputPath(url)));
}

/** A problem with a shard's record: which, the field or file it is about, what. */
interface Refusal {
  readonly id: 'shard-mismatch' | 'shard-missing' | 'shard-duplicate' | 'shard-overlap';
  readonly shard: ShardOutput;
  /** A field of the record, or a file it lists. */
  readonly at: string;
  readonly reason: string;
}

/**
 * Every shard's files by output path, and what is wrong with the set: shards of different
 * builds or settings, a shard missing or given twice, a file two shards disagree on.
 */
function joinShards(
  shards: readonly ShardOutput[],
  config: ResolvedConfig,
): { files: Map<string, { dir: string; digest: FileDigest; shard: ShardOutput }>; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const first = shards[0]!;
  for (const s of shards) {
    if (s.of !== first.of)
      refusals.push({
        id: 'shard-mismatch',
        shard: s,
        at: 'of',
        reason: `shard ${s.shard} is one of ${s.of} shards, and ${first.shown} one of ${first.of}`,
      });
    else if (s.compress !== first.compress)
      refusals.push({
        id: 'shard-mismatch',
        shard: s,
        at: 'compress',
        reason: `shard ${s.shard} was built ${s.compress ? 'with' : 'without'} --compress, and ${first.shown} ${first.compress ? 'with' : 'without'}: build every shard alike`,
      });
    else if (s.now !== undefined && first.now !== undefined && s.now !== first.now)
      refusals.push({
        id: 'shard-mismatch',
        shard: s,
        at: 'now',
        reason: `shard ${s.shard} was built with the clock at ${new Date(s.now).toISOString()}, and ${first.shown} at ${new Date(first.now).toISOString()}: give every shard the same --now`,
      });
    else if (s.key !== first.key)
      refusals.push({
        id: 'shard-mismatch',
        shard: s,
        at: 'key',
        reason: `shard ${s.shard} was built from ${differences(s, first)} than ${first.shown}`,
      });
    else if (s.settings !== mergeSettings(config, s.compress))
      refusals.push({
        id: 'shard-mismatch',
        shard: s,
        at: 'settings',
        reason: `shard ${s.shard} was built with another site URL, search, language or _headers setting than merge was given: give merge the --config and --base-url the shards were built with`,
      });
  }
  if (refusals.length) return { files: new Map(), refusals };
  const seen = new Map<number, ShardOutput>();
  for (const s of shards) {
    const before = seen.get(s.shard);
    if (before)
      refusals.push({
        id: 'shard-duplicate',
        shard: s,
        at: 'shard',
        reason:
          before.dir === s.dir
            ? `the folder of shard ${s.shard} of ${s.of} is given twice`
            : `shard ${s.shard} of ${s.of} is given twice, here and in ${before.shown}`,
      });
    seen.set(s.shard, s);
  }
  for (let n = 1; n <= first.of; n++)
    if (!seen.has(n))
      refusals.push({ id: 'shard-missing', shard: first, at: 'of', reason: `shard ${n} of ${first.of} is missing` });
  const files = new Map<string, { dir: string; digest: FileDigest; shard: ShardOutput }>();
  for (const s of shards) {
    for (const [rel, digest] of Object.entries(s.files)) {
      const other = files.get(rel);
      if (!other) files.set(rel, { dir: s.dir, digest, shard: s });
      else if (other.digest.sha256 !== digest.sha256 || other.digest.size !== digest.size)
        refusals.push({
          id: 'shard-overlap',
          shard: s,
          at: rel,
          reason: `${rel} differs between shard ${other.shard.shard} and shard ${s.shard}`,
        });
    }
  }
  return { files, refusals };
}

/** Refusals as diagnostics, each at the line of its record that it is about. */
async function placed(refusals: readonly Refusal[]): Promise<Diagnostic[]> {
  const texts = new Map<string, Promise<string>>();
  return Promise.all(
    refusals.map(async ({ id, shard, at, reason }) => {
      const file = path.join(shard.dir, SHARD_MANIFEST_PATH);
      if (!texts.has(file)) texts.set(file, readFile(file, 'utf8'));
      const text = await texts.get(file)!;
      const found = text.indexOf(`${JSON.stringify(at)}:`);
      const line = found === -1 ? 1 : text.slice(0, found).split('\n').length;
      const column = found === -1 ? 1 : found - text.lastIndexOf('\n', found);
      return diagnostic(id, { file: shard.shown, line, column }, reason);
    }),
  );
}

/** What two shards were built from differently, in words; "other inputs or settings" when their records do not say. */
function differences(a: ShardOutput, b: ShardOutput): string {
  const names = (Object.keys(SHARD_PART_NAMES) as ShardKeyPart[]).filter(
    (part) => a.parts?.[part] !== undefined && b.parts?.[part] !== undefined && a.parts[part] !== b.parts[part],
  );
  return names.length ? names.map((part) => SHARD_PART_NAMES[part]).join(', and ') : 'other inputs or settings';
}
