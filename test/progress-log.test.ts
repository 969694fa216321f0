import { describe, expect, it } from 'vitest';
import { progressLog } from '../src/commands/shared.ts';
import { article, buildSite, removeDir, tempSite } from './helpers.ts';

/** A log line's stage, counts and percentage; the seconds are the clock's. */
const parse = (line: string) => {
  const match = /^\[(\d+\.\d) s\] (\w+) (\d+)\/(\d+) \((\d+) %\)$/.exec(line);
  expect(match, line).not.toBeNull();
  const [, seconds, stage, done, total, percent] = match!;
  return { seconds: Number(seconds), stage, done: Number(done), total: Number(total), percent: Number(percent) };
};

describe('progress in a log', () => {
  it('should write a line when a long stage starts and at each tenth, with the seconds since the start', () => {
    const lines: string[] = [];
    let now = 1000;
    const log = progressLog(
      (line) => lines.push(line),
      100,
      () => now,
    );
    for (let done = 1; done <= 250; done++) {
      now += 10;
      log.tick!('render', done, 250);
    }
    log.tick!('load', 5, 20); // too few to log
    const parsed = lines.map(parse);
    expect(parsed.map((p) => p.percent)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(parsed.every((p) => p.stage === 'render' && p.total === 250)).toBe(true);
    expect(parsed[0]).toMatchObject({ done: 1, seconds: 0 });
    expect(parsed.at(-1)).toMatchObject({ done: 250, seconds: 2.5 });
    // A stage that runs again (merge indexes search twice) is logged again.
    log.tick!('render', 1, 250);
    expect(parse(lines.at(-1)!)).toMatchObject({ done: 1, percent: 0 });
  });

  it("should follow a build's stages, each to its end", async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 12; i++)
      files[`articles/story-${i}.md`] = article({
        title: `Story ${i}`,
        date: `2026-01-${String(i).padStart(2, '0')}T10:00:00Z`,
      });
    const dir = await tempSite(files);
    try {
      const lines: string[] = [];
      const { result } = await buildSite(dir, {}, { progress: progressLog((line) => lines.push(line), 5) });
      expect(result.ok).toBe(true);
      const parsed = lines.map(parse);
      const stages = [...new Set(parsed.map((p) => p.stage))];
      expect(stages).toEqual(['load', 'render']);
      for (const stage of stages) {
        const own = parsed.filter((p) => p.stage === stage);
        expect(own.at(-1)!.done, stage).toBe(own.at(-1)!.total);
        expect(own.at(-1)!.percent, stage).toBe(100);
      }
    } finally {
      await removeDir(dir);
    }
  });
});
