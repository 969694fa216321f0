import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, removeDir, tempSite } from './helpers.ts';

/**
 * When an embargoed story goes live under the publishing workflow's schedule (every 15
 * minutes): builds run at the scheduled moments with the persistent cache, as the
 * workflow's do, and the story must appear in the first build at or after its time and
 * in no build before it, whatever the up-to-date shortcut recorded.
 */

const TIME = '2024-05-02T10:07:00Z';
const PERIOD_MS = 15 * 60_000;

describe('an embargo under a 15-minute schedule', () => {
  let dir: string;
  const published = async (iso: string) => {
    const built = await buildSite(dir, {}, { now: Date.parse(iso) });
    expect(built.result.ok).toBe(true);
    const { stories } = JSON.parse(await built.text('stories.json')) as { stories: { title: string }[] };
    return stories.map((s) => s.title).includes('Embargoed story');
  };

  beforeAll(async () => {
    dir = await tempSite({
      'articles/now.md': '---\ntitle: Published story\ndate: 2024-05-01T12:00:00Z\n---\nx\n',
      'articles/later.md': `---\ntitle: Embargoed story\ndate: ${TIME}\n---\nx\n`,
    });
  });
  afterAll(() => removeDir(dir));

  it('should publish it at the first scheduled build at or after its time, never before', async () => {
    const time = Date.parse(TIME);
    const runs = [time - 2 * PERIOD_MS, time - PERIOD_MS, time - 1, time, time + PERIOD_MS].map((t) =>
      new Date(t).toISOString(),
    );
    const seen: [string, boolean][] = [];
    // One after another on one cache: the shortcut of an unchanged site must not hide the lift.
    for (const at of runs) seen.push([at, await published(at)]);
    expect(seen).toEqual([
      [runs[0], false],
      [runs[1], false],
      [runs[2], false],
      [runs[3], true],
      [runs[4], true],
    ]);
  });

  it('should take it down again in a build whose clock is set back before its time', async () => {
    // `--now` to preview a later moment, then an ordinary build: nothing changed on disk,
    // and the shortcut must not repeat the later build's output.
    const after = new Date(Date.parse(TIME) + PERIOD_MS).toISOString();
    const before = new Date(Date.parse(TIME) - PERIOD_MS).toISOString();
    expect(await published(after)).toBe(true);
    expect(await published(before)).toBe(false);
    expect(await published(after)).toBe(true);
  });

  it('should publish it at the next scheduled run when no run falls on its time', async () => {
    // Runs at :47, :02, :17 (the cron's slots): the story of 10:07 first appears at 10:17.
    const slots = ['2024-05-02T09:47:00Z', '2024-05-02T10:02:00Z', '2024-05-02T10:17:00Z'];
    const other = await tempSite({
      'articles/later.md': `---\ntitle: Embargoed story\ndate: ${TIME}\n---\nx\n`,
      'articles/now.md': '---\ntitle: Published story\ndate: 2024-05-01T12:00:00Z\n---\nx\n',
    });
    try {
      const results: boolean[] = [];
      for (const at of slots) {
        const built = await buildSite(other, {}, { now: Date.parse(at) });
        const { stories } = JSON.parse(await built.text('stories.json')) as { stories: { title: string }[] };
        results.push(stories.some((s) => s.title === 'Embargoed story'));
      }
      // The latest moment is its time plus at most one period, then GitHub's start delay and the run.
      expect(results).toEqual([false, false, true]);
    } finally {
      await removeDir(other);
    }
  });
});

describe('a published story dated again, after the clock', () => {
  const LEDGER = { ledger: 'published-urls.txt' } as const;
  const NOW = Date.parse('2026-11-27T12:00:00Z');
  const story = (date: string) => `---\ntitle: Story A\ndate: ${date}\n---\nx\n`;
  const PAGE = '2026/11/20/story-a/index.html';
  let dir: string;
  beforeAll(async () => {
    dir = await tempSite({
      'articles/a.md': story('2026-11-20T10:00:00Z'),
      'articles/b.md': story('2026-11-21T10:00:00Z').replace('Story A', 'Story B'),
    });
    expect((await buildSite(dir, LEDGER, { now: NOW })).result.ok).toBe(true);
    await writeFile(path.join(dir, 'articles/a.md'), story('2090-01-20T10:00:00Z'));
  });
  afterAll(() => removeDir(dir));

  it('should fail the build, which would take its published page down until then', async () => {
    const built = await buildSite(dir, LEDGER, { now: NOW });
    expect(built.result.ok).toBe(false);
    const errors = built.result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.file, d.rule])).toEqual([['articles/a.md', 'url-broken']]);
    expect(errors[0]!.reason).toContain('is dated 2090-01-20T10:00:00Z now');
    // Nothing was written: the page is still there.
    expect(await built.files()).toContain(PAGE);
  });

  it('should hold it back with --hold-invalid, keeping its published version, build after build', async () => {
    // After the failed build above, whose cache kept only the new version.
    for (let run = 0; run < 2; run++) {
      const held = await buildSite(dir, { ...LEDGER, holdInvalid: true }, { now: NOW, check: true });
      expect(held.result.ok).toBe(true);
      expect(held.result.held).toEqual([{ file: 'articles/a.md', kept: 'previous' }]);
      expect(await held.files()).toContain(PAGE);
      // Each problem told once, though the kept version's selection finds it again.
      const told = held.result.diagnostics.map((d) => `${d.rule} ${d.reason}`);
      expect(told.length).toBe(new Set(told).size);
    }
  });
});

describe('build --check and the URL ledger', () => {
  it('should refuse a build that would leave a promised URL without its page, as broadsheet check does', async () => {
    const LEDGER = { ledger: 'published-urls.txt' } as const;
    const dir = await tempSite({ 'articles/a.md': '---\ntitle: Story A\ndate: 2026-11-20T10:00:00Z\n---\nx\n' });
    try {
      expect((await buildSite(dir, LEDGER, { now: Date.parse('2026-11-27T12:00:00Z') })).result.ok).toBe(true);
      // A clock set back before the story's date: the build only warns (the story answers
      // again at the later clock), but the site it would publish breaks a promise.
      const back = await buildSite(dir, LEDGER, { now: Date.parse('2026-11-19T12:00:00Z'), check: true });
      expect(back.result.ok).toBe(false);
      const errors = back.result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => [d.file, d.rule])).toEqual([['published-urls.txt', 'promise-broken']]);
      expect(back.result.diagnostics.find((d) => d.rule === 'url-broken')?.severity).toBe('warning');
      expect(await back.files()).toContain('2026/11/20/story-a/index.html');
    } finally {
      await removeDir(dir);
    }
  });
});
