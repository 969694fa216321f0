import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersFor, matchesPattern, parseHeaders } from '../src/publish/headers.ts';
import { cli, listFiles, REPO, removeDir, tempSite } from './helpers.ts';

/** The sample site, built twice from scratch into two folders with --compress. */
describe('deploy-ready output', () => {
  let dir: string;
  const outA = () => path.join(dir, 'a');
  const outB = () => path.join(dir, 'b');
  const args = (out: string) => [
    'build',
    '--no-cache',
    '--compress',
    '--now',
    '2026-11-27T12:00:00Z',
    '--base-url',
    'https://example.org/news/',
    '--out',
    out,
  ];

  beforeAll(async () => {
    dir = await tempSite();
    for (const out of [outA(), outB()]) {
      const result = await cli(args(out));
      expect(result.code, result.stderr).toBe(0);
    }
  }, 120_000);
  afterAll(() => removeDir(dir));

  it('should be byte-identical across builds, manifest and hashed asset names included', async () => {
    const [a, b] = [await listFiles(outA()), await listFiles(outB())];
    expect(a).toEqual(b);
    for (const rel of a)
      expect((await readFile(path.join(outB(), rel))).equals(await readFile(path.join(outA(), rel))), rel).toBe(true);
    const assets = a.filter((rel) => rel.startsWith('assets/') && !/\.(br|gz)$/.test(rel));
    expect(assets.length).toBeGreaterThan(0);
    for (const rel of assets) expect(rel).toMatch(/^assets\/[\w-]+\.[0-9a-f]{10}\.\w+$/);
  });

  it('should list every file in the manifest with its size and hash', async () => {
    const manifest = JSON.parse(await readFile(path.join(outA(), '.broadsheet/manifest.json'), 'utf8')) as {
      files: Record<string, { size: number; sha256: string }>;
    };
    const files = (await listFiles(outA())).filter((rel) => rel !== '.broadsheet/manifest.json');
    expect(Object.keys(manifest.files).sort()).toEqual(files);
    const { createHash } = await import('node:crypto');
    for (const rel of files.slice(0, 40)) {
      const bytes = await readFile(path.join(outA(), rel));
      expect(manifest.files[rel]).toEqual({
        size: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
  });

  it('should write .br and .gz copies that decompress to their file, for text files only', async () => {
    const files = await listFiles(outA());
    const gz = files.filter((rel) => rel.endsWith('.gz'));
    expect(gz).toContain('index.html.gz');
    expect(gz.some((rel) => rel.startsWith('assets/') && rel.endsWith('.css.gz'))).toBe(true);
    expect(files.filter((rel) => /\.(png|jpe?g|webp)\.(gz|br)$/.test(rel))).toEqual([]);
    for (const rel of gz.slice(0, 20)) {
      const plain = await readFile(path.join(outA(), rel.slice(0, -3)));
      expect(gunzipSync(await readFile(path.join(outA(), rel))).equals(plain)).toBe(true);
      expect(brotliDecompressSync(await readFile(path.join(outA(), `${rel.slice(0, -3)}.br`))).equals(plain)).toBe(
        true,
      );
    }
  });

  it('should give every URL exactly one Cache-Control: immutable for hashed assets, short for the rest', async () => {
    const { rules, problems } = parseHeaders(await readFile(path.join(outA(), '_headers'), 'utf8'));
    expect(problems).toEqual([]);
    const files = (await listFiles(outA())).filter((rel) => !['_headers', '_redirects'].includes(rel));
    for (const rel of files) {
      const urlPath = `/news/${rel}`;
      // Hosts disagree on how two rules setting one header combine, so no URL may match two.
      const setting = rules.filter(
        (r) => matchesPattern(r.pattern, urlPath) && r.headers.some(([name]) => name === 'Cache-Control'),
      );
      expect(setting.length, urlPath).toBe(1);
      const headers = headersFor(rules, urlPath);
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(headers.get('cache-control')).toBe(
        rel.startsWith('assets/') || rel.startsWith('_photos/')
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=60',
      );
    }
    expect(headersFor(rules, '/news/').get('cache-control')).toBe('public, max-age=60');
  });

  it('should pass its own check', async () => {
    const result = await cli(['check', outA(), '--base-url', 'https://example.org/news/', '--json']);
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: unknown[]; summary: { stories: number } };
    expect(report.problems).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.summary.stories).toBe(9);
  });
});

describe('broadsheet changes', () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = await tempSite();
    out = path.join(dir, 'dist');
    const result = await cli([
      'build',
      '--no-cache',
      '--now',
      '2026-11-27T12:00:00Z',
      '--base-url',
      'https://example.org/',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);
  afterAll(() => removeDir(dir));

  type Plan = {
    upload: { path: string; contentType: string; cacheControl: string }[];
    delete: string[];
    unchanged: number;
  };
  const plan = async (since: string): Promise<Plan> => {
    const result = await cli(['changes', out, '--since', since, '--json', '--base-url', 'https://example.org/']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Plan;
  };

  it('should list nothing when the live site is this build', async () => {
    const same = await plan(path.join(out, '.broadsheet/manifest.json'));
    expect(same.upload).toEqual([]);
    expect(same.delete).toEqual([]);
    expect(same.unchanged).toBeGreaterThan(100);
  });

  it('should list changed and new files in a safe order with their headers, and what to delete', async () => {
    const manifest = JSON.parse(await readFile(path.join(out, '.broadsheet/manifest.json'), 'utf8')) as {
      files: Record<string, { size: number; sha256: string }>;
    };
    const files = { ...manifest.files };
    const asset = Object.keys(files).find((rel) => rel.startsWith('assets/') && rel.endsWith('.css'))!;
    const photo = Object.keys(files).find((rel) => rel.startsWith('_photos/') && rel.endsWith('.jpg'))!;
    const entry = Object.keys(files).find((rel) => rel.startsWith('pagefind/') && rel.endsWith('pagefind-entry.json'))!;
    const meta = Object.keys(files).find((rel) => rel.startsWith('pagefind/') && rel.endsWith('.pf_meta'))!;
    for (const rel of [asset, photo, entry, meta]) delete files[rel];
    files['index.html'] = { size: 1, sha256: 'old' };
    files['feed.xml'] = { size: 1, sha256: 'old' };
    files['2020/01/01/gone/index.html'] = { size: 1, sha256: 'gone' };
    const live = path.join(dir, 'live.json');
    await writeFile(live, JSON.stringify({ version: 1, files }));
    const changes = await plan(live);
    // What pages name (a stylesheet, a photo, the search index's files) before the pages,
    // feeds and Pagefind's entry file that name them; the manifest last.
    expect(changes.upload.map((u) => u.path)).toEqual([
      photo,
      asset,
      meta,
      'feed.xml',
      'index.html',
      entry,
      '.broadsheet/manifest.json',
    ]);
    const of = (rel: string) => changes.upload.find((u) => u.path === rel);
    expect(of(asset)).toMatchObject({
      contentType: 'text/css; charset=utf-8',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    expect(of('index.html')).toMatchObject({
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'public, max-age=60',
    });
    expect(changes.delete).toEqual(['2020/01/01/gone/index.html']);
  });

  it('should list every file for a site not published yet (its manifest URL answers 404)', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const changes = await plan(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/.broadsheet/manifest.json`,
      );
      const files = (await listFiles(out)).filter((rel) => rel !== '_headers' && rel !== '_redirects');
      expect(changes.upload.map((u) => u.path).sort()).toEqual(files.sort());
      expect(changes.upload.at(-1)!.path).toBe('.broadsheet/manifest.json');
    } finally {
      server.close();
    }
  });
});

describe('the GitHub Pages workflow', () => {
  type Step = {
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
  };
  type Workflow = {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[]; needs?: string; environment?: unknown }>;
  };
  let workflow: Workflow;
  let guide: string;

  beforeAll(async () => {
    workflow = parseYaml(await readFile(path.join(REPO, '.github/workflows/publish.yml'), 'utf8')) as Workflow;
    guide = await readFile(path.join(REPO, 'docs/publishing.md'), 'utf8');
  });

  it('should run on push to main, on a schedule (for embargoes) and by hand', () => {
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    const schedule = workflow.on.schedule as { cron: string }[];
    expect(schedule.length).toBeGreaterThan(0);
    expect(schedule[0]!.cron.split(' ')).toHaveLength(5);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write', contents: 'read' });
  });

  it('should install, test, build with --check for the Pages URL, and deploy with the official actions', () => {
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const runs = steps.flatMap((s) => (s.run ? [s.run.trim()] : []));
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm test');
    const buildStep = runs.find((r) => r.startsWith('npm run build'))!;
    expect(buildStep).toMatch(/--check\b/);
    expect(buildStep).toContain('--base-url "${{ steps.pages.outputs.base_url }}/"');
    const uses = steps.flatMap((s) => (s.uses ? [s.uses.split('@')[0]] : []));
    expect(uses).toEqual(
      expect.arrayContaining([
        'actions/checkout',
        'actions/setup-node',
        'actions/configure-pages',
        'actions/upload-pages-artifact',
        'actions/deploy-pages',
      ]),
    );
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))!;
    expect(upload.with?.path).toBe('dist/');
  });

  it('should run the commands docs/publishing.md gives', () => {
    const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((s) => (s.run ? [s.run.trim()] : [])));
    for (const command of runs) expect(guide, command).toContain(command);
  });
});
