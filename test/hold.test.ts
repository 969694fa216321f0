import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { article, buildSite, cli, removeDir, select, selectAll, tempSite, toString } from './helpers.ts';
import { swatch } from './photo-images.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const NOW = Date.parse('2026-11-27T12:00:00Z');
const HOLD = { holdInvalid: true, ledger: 'published-urls.txt' } as const;

describe('holding back invalid stories (--hold-invalid)', () => {
  it('should hold back a story whose picture file is missing, publish the others, and leave nothing broken', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'Story A', date: '2026-11-20T10:00:00Z', image: '{src: nope.jpg, alt: A}' }),
      'articles/b.md': article({ title: 'Story B', date: '2026-11-21T10:00:00Z' }, 'Text ![A chart](gone.png).'),
      'articles/c.md': article({ title: 'Story C', date: '2026-11-22T10:00:00Z' }),
    });
    dirs.push(dir);
    const strict = await buildSite(dir, { ledger: 'published-urls.txt' }, { now: NOW });
    expect(strict.result.ok).toBe(false);
    expect(
      strict.result.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => [d.file, d.line, d.rule])
        .sort(),
    ).toEqual([
      ['articles/a.md', 4, 'missing-image'],
      ['articles/b.md', 6, 'missing-image'],
    ]);
    const held = await buildSite(dir, HOLD, { now: NOW, check: true });
    expect(held.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(held.result.ok).toBe(true);
    expect(held.result.held).toEqual([
      { file: 'articles/a.md', kept: 'none' },
      { file: 'articles/b.md', kept: 'none' },
    ]);
    const files = await held.files();
    expect(files).toContain('2026/11/22/story-c/index.html');
    expect(files.filter((f) => /story-[ab]/.test(f))).toEqual([]);

    // The pictures come: the unchanged articles are loaded again for them, as a cold build would.
    await writeFile(path.join(dir, 'articles/nope.jpg'), await swatch(1));
    await writeFile(path.join(dir, 'articles/gone.png'), await swatch(2));
    const fixed = await buildSite(dir, { ledger: 'published-urls.txt' }, { now: NOW, check: true });
    expect(fixed.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const rel of ['2026/11/20/story-a/index.html', '2026/11/21/story-b/index.html'])
      expect(select('main picture', await fixed.page(rel)), rel).toBeTruthy();
    // That build held nothing, without --hold-invalid: the report says so, not what the last one held.
    const report = JSON.parse(await readFile(path.join(dir, '.broadsheet/held.json'), 'utf8')) as { held: unknown[] };
    expect(report.held).toEqual([]);
  });

  it("should keep a published story's pages with their pictures when one of its picture files goes", async () => {
    const dir = await tempSite({
      'articles/a.md': article(
        { title: 'Story A', date: '2026-11-20T10:00:00Z', image: '{src: bus.png, alt: A bus}' },
        'Text.\n\n![Rowing](row.png)',
      ),
      'articles/b.md': article({ title: 'Story B', date: '2026-11-21T10:00:00Z' }),
    });
    dirs.push(dir);
    await writeFile(path.join(dir, 'articles/bus.png'), await swatch(3));
    await writeFile(path.join(dir, 'articles/row.png'), await swatch(4));
    const first = await buildSite(dir, HOLD, { now: NOW, check: true });
    expect(first.result.ok).toBe(true);
    await rm(path.join(dir, 'articles/row.png'));
    const held = await buildSite(dir, HOLD, { now: NOW, check: true });
    expect(held.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(held.result.held).toEqual([{ file: 'articles/a.md', kept: 'pages' }]);
    // Its pictures are kept with its pages, not counted as pages.
    expect(held.result.stats.pages).toBe(first.result.stats.pages);
    expect(selectAll('main picture', await held.page('2026/11/20/story-a/index.html'))).toHaveLength(2);
    // And again, from the cache that build saved (the broken version's), in a build that writes.
    await writeFile(
      path.join(dir, 'articles/b.md'),
      article({ title: 'Story B', date: '2026-11-21T10:00:00Z' }, 'Edited.'),
    );
    const again = await buildSite(dir, HOLD, { now: NOW, check: true });
    expect(again.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(selectAll('main picture', await again.page('2026/11/20/story-a/index.html'))).toHaveLength(2);

    // A picture of public/ that a kept page shows stays with it too.
    await mkdir(path.join(dir, 'public'), { recursive: true });
    await writeFile(path.join(dir, 'public/chart.png'), await swatch(5));
    await writeFile(
      path.join(dir, 'articles/b.md'),
      article({ title: 'Story B', date: '2026-11-21T10:00:00Z' }, 'A chart: ![Rents](/chart.png)'),
    );
    expect((await buildSite(dir, HOLD, { now: NOW, check: true })).result.ok).toBe(true);
    await rm(path.join(dir, 'public/chart.png'));
    const gone = await buildSite(dir, HOLD, { now: NOW, check: true });
    expect(gone.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(gone.result.held?.map((h) => h.file).sort()).toEqual(['articles/a.md', 'articles/b.md']);
    expect(await gone.files()).toContain('chart.png');
  });

  it('should publish the valid stories, keep an invalid one at its last published version, and list it', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'Story A', date: '2026-11-20T10:00:00Z' }, 'First version.'),
      'articles/b.md': article({ title: 'Story B', date: '2026-11-21T10:00:00Z' }),
    });
    dirs.push(dir);
    expect((await buildSite(dir, HOLD, { now: NOW })).result.ok).toBe(true);

    // A's new version has a bad date; a new story C is broken too; D is new and fine.
    await writeFile(
      path.join(dir, 'articles/a.md'),
      article({ title: 'Story A', date: 'yesterday' }, 'Second version.'),
    );
    await writeFile(
      path.join(dir, 'articles/c.md'),
      article({ title: 'Story C', date: '2026-11-22T10:00:00Z', draft: 'maybe' }),
    );
    await writeFile(path.join(dir, 'articles/d.md'), article({ title: 'Story D', date: '2026-11-23T10:00:00Z' }));
    const strict = await buildSite(dir, { ...HOLD, holdInvalid: false }, { now: NOW });
    expect(strict.result.ok).toBe(false);

    const held = await buildSite(dir, HOLD, { now: NOW });
    expect(held.result.ok).toBe(true);
    expect(held.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(held.result.held).toEqual([
      { file: 'articles/a.md', kept: 'previous' },
      { file: 'articles/c.md', kept: 'none' },
    ]);
    const a = await held.page('2026/11/20/story-a/index.html');
    expect(toString(select('main', a)!)).toContain('First version.');
    const files = await held.files();
    expect(files).toContain('2026/11/23/story-d/index.html');
    expect(files.filter((f) => f.includes('story-c'))).toEqual([]);
    const front = selectAll('main a', await held.page('index.html')).map((link) => String(link.properties.href));
    expect(front).toContain('/2026/11/20/story-a/');

    const report = JSON.parse(await readFile(path.join(dir, '.broadsheet/held.json'), 'utf8')) as {
      held: { file: string; kept: string; problems: { rule: string; line: number }[] }[];
    };
    expect(report.held.map((h) => [h.file, h.kept, h.problems.map((p) => p.rule)])).toEqual([
      ['articles/a.md', 'previous', ['invalid-date']],
      ['articles/c.md', 'none', ['invalid-field']],
    ]);

    // Fixed: published as it is now, and nothing is held.
    await writeFile(
      path.join(dir, 'articles/a.md'),
      article({ title: 'Story A', date: '2026-11-20T10:00:00Z' }, 'Third version.'),
    );
    await writeFile(path.join(dir, 'articles/c.md'), article({ title: 'Story C', date: '2026-11-22T10:00:00Z' }));
    const fixed = await buildSite(dir, HOLD, { now: NOW });
    expect(fixed.result.held).toBeUndefined();
    expect(toString(select('main', await fixed.page('2026/11/20/story-a/index.html'))!)).toContain('Third version.');
    // Holding back is a build switch, not a setting pages are rendered with.
    const strictAgain = await buildSite(dir, { ...HOLD, holdInvalid: false }, { now: NOW });
    expect(strictAgain.result.stats.rendered).toBe(0);
  });

  it('should still fail on a config or layout error, and exit 0 from the CLI with the held stories told', async () => {
    const dir = await tempSite({
      'articles/a.md': article({ title: 'Good', date: '2026-11-20T10:00:00Z' }),
      'articles/b.md': article({ title: 'Bad', date: 'not a date' }),
      'layouts/story.tsx': 'export default () => { throw new Error("broken layout"); };',
    });
    dirs.push(dir);
    const layouts = path.join(dir, 'layouts');
    const failing = await buildSite(dir, HOLD, { now: NOW, layouts });
    expect(failing.result.ok).toBe(false);

    await writeFile(
      path.join(dir, 'broadsheet.config.json'),
      JSON.stringify({ url: 'https://example.org/', search: false }),
    );
    const run = await cli(
      ['build', '--hold-invalid', '--no-cache', '--now', '2026-11-27T12:00:00Z', '--layouts', path.resolve('layouts')],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('[story-held]');
    expect(run.stdout).toContain('1 story held back');
  });
});
