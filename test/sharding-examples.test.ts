import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { projectFiles } from '../src/commands/init.ts';
import { parseShard, shardCacheFolder } from '../src/pipeline/shard.ts';
import { REPO, removeDir, tempSite } from './helpers.ts';

/**
 * The example workflows of docs/sharding.md parse, and what they run agrees with the CLI:
 * every part from 1 to N loaded once, into the folders the shards are given; every shard
 * from 1 to N built once, into the folders merge is given, with the cache folder a shard
 * uses.
 */

const example = (name: string) => readFile(path.join(REPO, 'docs/examples', name), 'utf8');

interface Step {
  id?: string;
  if?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

describe('the GitHub Actions example', () => {
  it('should load every part and build every shard, a job each, then merge and deploy', async () => {
    const workflow = parse(await example('publish-sharded.yml')) as {
      on: { push: unknown; schedule: { cron: string }[] };
      concurrency: { group: string };
      env: { SHARDS: number };
      jobs: Record<
        string,
        {
          needs?: string | string[];
          if?: string;
          permissions?: Record<string, string>;
          strategy?: { matrix: Record<string, number[]> };
          steps: Step[];
        }
      >;
    };
    expect(workflow.on.push).toBeDefined();
    expect(workflow.on.schedule.map((s) => s.cron)).toEqual(['2-59/15 * * * *']);
    // In the group of the workflow init writes, which it takes the place of: never two publications at once.
    const init = parse(
      projectFiles({ title: 'T', timeZone: 'UTC', now: 0, broadsheet: 'broadsheet' }).workflow.text,
    ) as { concurrency: { group: string } };
    expect(workflow.concurrency.group).toBe(init.concurrency.group);
    const shards = workflow.env.SHARDS;
    const job = workflow.jobs.shard!;
    const matrix = job.strategy!.matrix.shard!;
    expect(matrix).toEqual(Array.from({ length: shards }, (_, i) => i + 1));
    const expand = (text: string, shard: number) =>
      text
        .replaceAll('${{ matrix.shard }}', String(shard))
        .replaceAll('${{ matrix.part }}', String(shard))
        .replaceAll('${{ env.SHARDS }}', String(shards));

    // Every part loaded once, each uploaded as an artifact every shard downloads.
    const load = workflow.jobs.load!;
    expect(load.strategy!.matrix.part).toEqual(matrix);
    const loadRun = load.steps.find((s) => s.run?.includes('broadsheet load'))!.run!;
    const [loadUpload, photosUpload] = load.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'));
    for (const part of matrix)
      expect(parseShard(/--part (\S+)/.exec(expand(loadRun, part))![1]!)).toEqual({ index: part, of: shards });
    const into = /--into (\S+)/.exec(loadRun)![1]!;
    // The part without its photos, and the photos apart.
    expect(String(loadUpload!.with!.path).trim().split('\n')).toEqual([`${into}/`, `!${into}/photos/`]);
    expect(String(photosUpload!.with!.path)).toBe(`${into}/photos/`);
    expect(job.needs).toContain('load');
    const [parts, photos] = job.steps.filter((s) => s.uses?.startsWith('actions/download-artifact')) as [
      Step & { if?: string },
      Step & { if?: string },
    ];
    // The artifact's name is the pattern's prefix, then the matrix number ("part-${{ matrix.part }}").
    const named = (upload: Step, download: Step) =>
      expect(String(upload.with!.name)).toMatch(new RegExp(`^${String(download.with!.pattern).replace('*', '')}\\$`));
    named(loadUpload!, parts);
    named(photosUpload!, photos);
    expect(parts.if).toBeUndefined();
    expect(photos.if).toBe('matrix.shard == 1');
    // Shard 1 moves each part's photos into its part folder, where the seed stage finds them.
    const move = job.steps.find((s) => s.run?.includes(`${String(photos.with!.path)}/photos-*`))!.run!;
    expect(move).toContain(`${String(parts.with!.path)}/part-`);
    // Run as GitHub runs a step (bash -e): a site without pictures has no photos artifact.
    const runner = await tempSite();
    await mkdir(path.join(runner, 'parts/part-2'), { recursive: true });
    execFileSync('bash', ['-e', '-c', move], { cwd: runner });
    await mkdir(path.join(runner, 'photos/photos-2'), { recursive: true });
    await writeFile(path.join(runner, 'photos/photos-2/a.jpg'), 'x');
    execFileSync('bash', ['-e', '-c', move], { cwd: runner });
    expect(existsSync(path.join(runner, 'parts/part-2/photos/a.jpg'))).toBe(true);
    await removeDir(runner);

    const build = job.steps.find((s) => s.run?.includes('broadsheet build'))!.run!;
    const cache = job.steps.find(
      (s) => s.uses?.startsWith('actions/cache') && String(s.with?.path).includes('shard-'),
    )!;
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.with?.['include-hidden-files']).toBe(true);
    for (const shard of matrix) {
      const spec = parseShard(/--shard (\S+)/.exec(expand(build, shard))![1]!);
      expect(spec).toEqual({ index: shard, of: shards });
      const folder = path.relative('/p', path.dirname(shardCacheFolder('/p', spec as { index: number; of: number })));
      expect(expand(String(cache.with!.path), shard).split('\n')).toContain(folder);
    }
    expect(/--loaded (\S+)/.exec(build)![1]).toBe(String(parts.with!.path));
    // The shard's output is what it uploads.
    expect(/--out (\S+)/.exec(build)![1]).toBe(String(upload.with!.path).replace(/\/$/, ''));

    const merge = workflow.jobs.merge!;
    expect(merge.needs).toContain('shard');
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    const run = merge.steps.find((s) => s.run?.includes('broadsheet merge'))!.run!;
    expect(run).toContain(`merge ${String(download.with!.path)}/shard-* --out dist`);
    // Checked before it replaces the site: no separate check after the fact.
    expect(run).toContain(' --check');
    // Merged over the site last deployed, restored from the cache the job saves once it
    // has deployed (a failed deploy is tried again), and deployed only when the merge changed it.
    const steps = merge.steps.map((s) => s.uses ?? s.name ?? s.run ?? '');
    const at = (prefix: string) => steps.findIndex((s) => s.startsWith(prefix));
    const restore = merge.steps[at('actions/cache/restore')]!;
    const save = merge.steps[at('actions/cache/save')]!;
    expect(String(restore.with!.path)).toBe('dist');
    expect(save.with).toEqual({ path: 'dist', key: restore.with!.key });
    expect(String(restore.with!['restore-keys'])).toBe(
      String(restore.with!.key).replace(/\$\{\{ github.run_id \}\}$/, ''),
    );
    expect(at('actions/cache/restore')).toBeLessThan(steps.findIndex((s) => s.includes('broadsheet merge')));
    const mergeStep = merge.steps.find((s) => s.run?.includes('broadsheet merge'))!;
    expect(save.if).toBe(`steps.${mergeStep.id}.outputs.changed == 'true'`);
    expect(merge.steps[at('actions/upload-pages-artifact')]!.if).toBe(save.if);
    expect(merge.steps[at('actions/deploy-pages')]!.if).toBe(save.if);
    expect(at('actions/upload-pages-artifact')).toBeLessThan(at('actions/deploy-pages'));
    expect(at('actions/deploy-pages')).toBeLessThan(at('actions/cache/save'));
    expect(Object.keys(workflow.jobs)).not.toContain('deploy');
    // The URL ledger shard 1 recorded is committed by the merge job before anything is deployed.
    const ledgerUpload = job.steps.find((s) => s.with?.name === 'ledger')!;
    expect(ledgerUpload.if).toBe('matrix.shard == 1');
    expect(ledgerUpload.with!.path).toBe('published-urls.txt');
    const ledgerDownload = merge.steps.find((s) => s.with?.pattern === 'ledger')!;
    expect(ledgerDownload.with!['merge-multiple']).toBe(true);
    const record = at('Record the URLs published');
    expect(merge.steps[record]!.run).toContain('git push');
    expect(merge.steps.indexOf(ledgerDownload)).toBeLessThan(record);
    expect(record).toBeLessThan(at('actions/upload-pages-artifact'));
    expect(merge.permissions).toEqual({ contents: 'write', pages: 'write', 'id-token': 'write' });
  });
});

describe('the Kubernetes example', () => {
  it('should load part I and build shard I of N from each completion index, into the folders the next Job reads', async () => {
    const docs = parseAllDocuments(await example('broadsheet-shards-job.yaml')).map((d) => d.toJS()) as {
      kind: string;
      metadata: { name: string };
      spec: {
        completionMode?: string;
        completions: number;
        parallelism?: number;
        template: { spec: { containers: { args: string[]; env?: { name: string; value: string }[] }[] } };
      };
    }[];
    expect(docs.map((d) => d.kind)).toEqual(['Job', 'Job', 'Job']);
    const [load, shards, merge] = docs as [(typeof docs)[0], (typeof docs)[0], (typeof docs)[0]];
    expect(load.spec.completionMode).toBe('Indexed');
    expect(shards.spec.completionMode).toBe('Indexed');
    const container = shards.spec.template.spec.containers[0]!;
    const n = Number(container.env!.find((e) => e.name === 'SHARDS')!.value);
    expect(shards.spec.completions).toBe(n);
    expect(shards.spec.parallelism).toBe(n);
    const outs: string[] = [];
    const parts: string[] = [];
    const loading = load.spec.template.spec.containers[0]!;
    expect(load.spec.completions).toBe(n);
    for (let index = 0; index < n; index++) {
      const command = loading.args
        .join(' ')
        .replaceAll('$((JOB_COMPLETION_INDEX+1))', String(index + 1))
        .replaceAll('$SHARDS', loading.env!.find((e) => e.name === 'SHARDS')!.value);
      expect(parseShard(/--part (\S+)/.exec(command)![1]!)).toEqual({ index: index + 1, of: n });
      parts.push(/--into (\S+)/.exec(command)![1]!);
    }
    for (let index = 0; index < n; index++) {
      // What the shell makes of the command in the pod of this completion index.
      const command = container.args
        .join(' ')
        .replaceAll('$((JOB_COMPLETION_INDEX+1))', String(index + 1))
        .replaceAll('$SHARDS', String(n));
      expect(parseShard(/--shard (\S+)/.exec(command)![1]!)).toEqual({ index: index + 1, of: n });
      outs.push(/--out (\S+)/.exec(command)![1]!);
      // The shards are given the folder holding every part.
      const loaded = /--loaded (\S+)/.exec(command)![1]!;
      expect(parts.map((p) => path.posix.dirname(p))).toEqual(parts.map(() => loaded));
    }
    const merging = merge.spec.template.spec.containers[0]!.args.join(' ');
    const given = /broadsheet merge ((?:\S+ )+)--out/.exec(merging)![1]!.trim().split(/\s+/);
    expect(given).toEqual(outs);
    // The published folder is replaced only by a merged site that passed its checks.
    expect(merging).toContain(' --check');
    expect(merging).not.toContain('broadsheet check');
  });
});
