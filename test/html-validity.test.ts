import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../src/config/config.ts';
import { overviewPage } from '../src/dev/overview.ts';
import { build } from '../src/pipeline/builder.ts';
import { cli, REPO, removeDir, SAMPLE_NOW, tempSite } from './helpers.ts';

const run = promisify(execFile);
const jar = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json')),
  'build/dist/vnu.jar',
);

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  message: string;
  lastLine?: number;
}

/** The Nu HTML Checker (vnu.jar, the W3C validator's engine) over every page of the sample site and of a messy archive. */
describe('HTML validity', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await tempSite();
    for (const base of ['https://example.org/', 'https://example.org/news/']) {
      const out = path.join(tmp, base.endsWith('news/') ? 'sub' : 'root');
      expect(
        (
          await cli([
            'build',
            '--no-cache',
            '--out',
            out,
            '--drafts',
            '--now',
            '2030-01-02T00:00:00Z',
            '--base-url',
            base,
          ])
        ).code,
      ).toBe(0);
    }
    // What only `broadsheet dev` shows: drafts and embargoed stories marked, and its own page.
    const { config } = await loadConfig({
      cwd: REPO,
      overrides: { out: path.join(tmp, 'preview'), now: SAMPLE_NOW },
    });
    const preview = await build(config!, { cwd: REPO, cache: false, preview: true });
    expect(preview.ok).toBe(true);
    expect(preview.previews?.map((p) => p.status).sort()).toEqual(['draft', 'embargoed']);
    await writeFile(
      path.join(tmp, 'preview', 'overview.html'),
      overviewPage({ previews: preview.previews, basePath: '/', timeZone: config!.timeZone }),
    );
    // An archive as it comes: section and tag names with spaces and slashes, lists written
    // as one string, raw HTML with spaces in links, no alt text, no layouts of its own.
    const messy = await tempSite({
      'broadsheet.config.json': JSON.stringify({ title: 'Archive', url: 'https://example.org/', altText: 'warn' }),
      'articles/a.md': `---\ntitle: Customer stories\ndate: 2021-05-05\nsection: Customer Experience\ntags: rec mng, A/B Testing\nauthors: Jane Doe, J. Smith\nslug: -customer-stories-\naliases: [/café/old/]\nimage: {src: https://example.org/lead.jpg, alt: ""}\n---\n\n<a href="files/annual report.pdf">Report</a> and <a href="https://example.com/a b">elsewhere</a>.\n\n![](https://example.org/body.jpg)\n`,
      'articles/b.md':
        '---\ntitle: Testing in public\ndate: 2021-05-06\nsection: A/B Testing\ntags: [A/B Testing]\n---\n\nText.\n',
      'articles/c.md': '---\ntitle: Lower case section\ndate: 2021-05-07\nsection: customer experience\n---\n\nText.\n',
    });
    const messyBuild = await cli(['build', '--no-cache', '--out', path.join(tmp, 'messy')], messy);
    await removeDir(messy);
    expect(messyBuild.code, messyBuild.stderr).toBe(0);
  });
  afterAll(() => removeDir(tmp));

  it('should report no errors and no warnings for any page', async () => {
    let output: string;
    try {
      ({ stderr: output } = await run(
        'java',
        [
          '-jar',
          jar,
          '--format',
          'json',
          '--skip-non-html',
          path.join(tmp, 'root'),
          path.join(tmp, 'sub'),
          path.join(tmp, 'preview'),
          path.join(tmp, 'messy'),
        ],
        { maxBuffer: 64 << 20 },
      ));
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: string };
      if (e.code === 'ENOENT')
        throw new Error('java is needed for the Nu HTML Checker: apt-get install default-jre-headless', {
          cause: error,
        });
      output = e.stderr ?? '';
    }
    const messages = (JSON.parse(output) as { messages: VnuMessage[] }).messages;
    const problems = messages.filter(
      (m) => m.type === 'error' || m.subType === 'warning' || m.type === 'non-document-error',
    );
    expect(problems.map((m) => `${m.url}:${m.lastLine}: ${m.message}`)).toEqual([]);
  });
});
