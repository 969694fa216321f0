import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Output } from '../src/output/output.ts';
import { joinPieces } from '../src/routes/pieces.ts';
import { writePieced, type PieceIndex, type PiecedJob } from '../src/incremental/splice.ts';
import type { FileDigest } from '../src/output/manifest.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

type Story = readonly [id: string, text: string];

/** A pieced file listing stories in order, as stories.json is made; a story's key is its content. */
function job(stories: readonly Story[], head = '{"site":"Ré","stories":['): PiecedJob {
  const pieces = {
    prepare: async () => undefined,
    head,
    separator: ',',
    tail: ']}\n',
    piece: (at: number) => JSON.stringify({ id: stories[at]![0], text: stories[at]![1] }),
    key: (at: number) => `${stories[at]![0]}\0${stories[at]![1]}`,
  };
  return {
    type: 'data',
    output: 'data/list.json',
    lists: stories.map(([id]) => id),
    pieces,
    render: async () => (await joinPieces(pieces, stories.length)).text,
  };
}

/** Build `dist` once with the file rendered whole: the previous build a splice starts from. */
async function firstBuild(stories: readonly Story[]) {
  const root = await mkdtemp(path.join(tmpdir(), 'broadsheet-pieces-'));
  dirs.push(root);
  const out = path.join(root, 'dist');
  const output = new Output(out, undefined);
  await output.open();
  const index = await writePieced(output, job(stories));
  await output.commit();
  return { out, index, manifest: Object.fromEntries(output.files) as Record<string, FileDigest> };
}

async function rebuild(out: string, manifest: Record<string, FileDigest>, next: PiecedJob, before: PieceIndex) {
  const output = new Output(out, manifest);
  await output.open();
  const index = await writePieced(output, next, before);
  const staged = output.isStaged(next.output);
  await output.commit();
  return { index, staged, text: await readFile(path.join(out, next.output), 'utf8') };
}

const stories = (n: number): Story[] => Array.from({ length: n }, (_, i) => [`s${i}`, `story ${i}`] as const);

/** What rendering `next` whole gives, and the index the cache would keep of it. */
async function whole(next: readonly Story[]) {
  const { out, index } = await firstBuild(next);
  return { text: await readFile(path.join(out, 'data/list.json'), 'utf8'), index };
}

describe('pieced data files', () => {
  it('should splice changed pieces into the previous file, byte for byte what a whole render gives', async () => {
    const { out, index, manifest } = await firstBuild(stories(40));
    // First, last and a middle piece change length, one to non-ASCII text.
    const next = stories(40);
    next[0] = ['s0', 'a much longer first story than before'];
    next[17] = ['s17', 'ünïcødé — 17'];
    next[39] = ['s39', ''];
    const spliced = await rebuild(out, manifest, job(next), index);
    const expected = await whole(next);
    expect(spliced.text).toBe(expected.text);
    expect(spliced.index).toEqual(expected.index);
    expect(JSON.parse(spliced.text).stories[17]).toEqual({ id: 's17', text: 'ünïcødé — 17' });
  });

  it('should splice when stories are added, removed and reordered', async () => {
    const { out, index, manifest } = await firstBuild(stories(30));
    const next = stories(30);
    next.splice(10, 2); // two gone
    next.unshift(['new', 'a new story']); // one on top
    [next[20], next[21]] = [next[21]!, next[20]!]; // two swapped
    next.push(['s5', 'story 5']); // and one twice
    const spliced = await rebuild(out, manifest, job(next), index);
    expect(spliced.text).toBe((await whole(next)).text);
    expect(spliced.index.keys).toHaveLength(30);

    // The spliced file's index serves the next splice.
    const again = next.slice(1);
    const manifestNow = {
      ...manifest,
      'data/list.json': { size: Buffer.byteLength(spliced.text), sha256: spliced.index.sha256 },
    };
    expect((await rebuild(out, manifestNow, job(again), spliced.index)).text).toBe((await whole(again)).text);
  });

  it('should copy the pieces when only the head changed, rendering only new ones', async () => {
    // A feed's head carries the date of its newest item: a story on top changes its length.
    const { out, index, manifest } = await firstBuild(stories(20));
    const next = [['new', 'on top'] as const, ...stories(20).slice(0, 19)];
    const rendered: number[][] = [];
    const spliceJob = job(next, '{"site":"Ré","updated":"2024-12-31T23:59:59Z","stories":[');
    const prepare = spliceJob.pieces.prepare;
    const watched: PiecedJob = {
      ...spliceJob,
      pieces: Object.assign(Object.create(spliceJob.pieces), {
        prepare: (at: readonly number[]) => (rendered.push([...at]), prepare(at)),
      }),
    };
    const spliced = await rebuild(out, manifest, watched, index);
    expect(rendered).toEqual([[0]]);
    expect(spliced.text).toBe((await joinPieces(spliceJob.pieces, next.length)).text);
    expect(JSON.parse(spliced.text).stories.map((s: { id: string }) => s.id)).toEqual(next.map(([id]) => id));
  });

  it('should leave the file alone when every piece is as it was', async () => {
    const { out, index, manifest } = await firstBuild(stories(5));
    const again = await rebuild(out, manifest, job(stories(5)), index);
    expect(again.staged).toBe(false);
    expect(again.index.sha256).toBe(index.sha256);
  });

  it('should render the file whole when the previous one is not the file the cache describes', async () => {
    const next = stories(5);
    next[1] = ['s1', 'changed'];
    const expected = (await whole(next)).text;

    // Another head around the same pieces: whatever the splice copies, the file is what a whole render gives.
    const { out, index, manifest } = await firstBuild(stories(5));
    const otherHead = job(next, '{"site":"Other","stories":[');
    expect((await rebuild(out, manifest, otherHead, index)).text).toBe((await joinPieces(otherHead.pieces, 5)).text);

    // The file edited by hand since the build that the manifest and the cache describe.
    const edited = await firstBuild(stories(5));
    await writeFile(path.join(edited.out, 'data/list.json'), '{"site":"Ré","stories":[]}\n');
    expect((await rebuild(edited.out, edited.manifest, job(next), edited.index)).text).toBe(expected);

    // Cached pieces of another version of the file (its digest is not the manifest's).
    const stale = await firstBuild(stories(5));
    expect((await rebuild(stale.out, stale.manifest, job(next), { ...stale.index, sha256: 'stale' })).text).toBe(
      expected,
    );
  });
});
