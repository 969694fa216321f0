import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { PHOTO_CSS } from '../src/photos/markup.ts';
import { fingerprintAssets } from '../src/render/assets.ts';
import { article, cli, listFiles, REPO, removeDir, select, selectAll, tempSite, toString } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});
/** A project folder in the system's temporary folder, outside Broadsheet's package and without node_modules. */
const project = async (files: Record<string, string>) => {
  const dir = await tempSite(files);
  expect(path.relative(REPO, dir).startsWith('..')).toBe(true);
  dirs.push(dir);
  return dir;
};

const THREE_LINES = `import { defineConfig } from 'broadsheet';

export default defineConfig({ title: 'The Harbour Gazette', url: 'https://example.org/', timeZone: 'Europe/Oslo' });
`;

const stories = {
  'articles/ferry.md': article({ title: 'Ferry timetable changes', date: '2024-03-01 09:00' }),
  'articles/2023/market.md': article({ title: 'Fish market reopens', date: '2023-11-20', section: 'City Life' }),
};

describe('a project without layouts', () => {
  it('should build from Markdown and a three-line config alone, with the default layouts and assets, and check clean', async () => {
    const dir = await project({ 'broadsheet.config.ts': THREE_LINES, ...stories });
    const build = await cli(['build', '--now', '2024-06-01T00:00:00Z'], dir);
    expect(build.code, build.stderr).toBe(0);
    const out = path.join(dir, 'dist');
    const files = await listFiles(out);
    const page = fromHtml(await readFile(path.join(out, '2024/03/01/ferry-timetable-changes/index.html'), 'utf8'));
    expect(toString(select('h1', page)!)).toBe('Ferry timetable changes');
    expect(toString(select('title', page)!)).toContain('The Harbour Gazette');
    const css = select('link[rel=stylesheet]', page)!.properties.href as string;
    expect(files).toContain(css.slice(1));
    expect(files).toContain('city-life/index.html');
    const check = await cli(['check'], dir);
    expect(check.code, check.stderr).toBe(0);
  });

  it('should use a layout or asset the project defines, and the defaults for the rest; its layouts import broadsheet from anywhere', async () => {
    const story = `/** @jsxRuntime automatic @jsxImportSource broadsheet */
import { storyHead, type StoryPageProps } from 'broadsheet';
import type { Element } from 'hast';

export default function story({ story, site }: StoryPageProps): Element {
  return (
    <html lang={site.language}>
      <head>
        <title>{story.title}</title>
        {storyHead(story, site)}
      </head>
      <body>
        <main class="own-story">{story.body}</main>
      </body>
    </html>
  ) as Element;
}
`;
    const dir = await project({
      'broadsheet.config.ts': THREE_LINES,
      'layouts/story.tsx': story,
      'layouts/assets/style.css': 'body { color: navy }\n',
      ...stories,
    });
    const build = await cli(['build', '--now', '2024-06-01T00:00:00Z'], dir);
    expect(build.code, build.stderr).toBe(0);
    const out = path.join(dir, 'dist');
    const own = fromHtml(await readFile(path.join(out, '2024/03/01/ferry-timetable-changes/index.html'), 'utf8'));
    expect(selectAll('main.own-story', own)).toHaveLength(1);
    const front = fromHtml(await readFile(path.join(out, 'index.html'), 'utf8'));
    expect(selectAll('main.own-story', front)).toHaveLength(0);
    const css = select('link[rel=stylesheet]', front)!.properties.href as string;
    expect(await readFile(path.join(out, css), 'utf8')).toBe('body { color: navy }\n');
    const files = await listFiles(out);
    expect(files.some((f) => /^assets\/search\.[0-9a-f]+\.js$/.test(f))).toBe(true);
  });
});

describe('the config file', () => {
  it('should import broadsheet from a folder without node_modules, and point at the line of a mistake', async () => {
    const dir = await project({ 'broadsheet.config.ts': THREE_LINES });
    const { config, diagnostics } = await loadConfig({ cwd: dir });
    expect(diagnostics).toEqual([]);
    expect(config).toMatchObject({ title: 'The Harbour Gazette', timeZone: 'Europe/Oslo', root: dir });

    const broken = await project({
      'broadsheet.config.ts':
        "import { defineConfig } from 'broadsheet';\n\nexport default defineConfig({ title: 'A',, });\n",
    });
    const failed = await loadConfig({ cwd: broken });
    expect(failed.config).toBeUndefined();
    expect(failed.diagnostics).toMatchObject([{ rule: 'config-invalid', file: 'broadsheet.config.ts', line: 3 }]);

    const unknown = await project({
      'broadsheet.config.mjs': "import { x } from 'broadsheet/nothing';\nexport default {};\n",
    });
    expect((await loadConfig({ cwd: unknown })).diagnostics[0]?.reason).toContain(
      'Broadsheet has no module "broadsheet/nothing"',
    );
  });

  it('should read local imports, JSON and import.meta of the config as Node would', async () => {
    const dir = await project({
      'broadsheet.config.mjs':
        "import sections from './sections.json' with { type: 'json' };\nimport path from 'node:path';\nexport default { title: path.basename(import.meta.dirname), sections };\n",
      'sections.json': '[{ "id": "world", "name": "World" }]',
    });
    const { config, diagnostics } = await loadConfig({ cwd: dir });
    expect(diagnostics).toEqual([]);
    expect(config?.title).toBe(path.basename(dir));
    expect(config?.sections).toEqual([{ id: 'world', name: 'World', description: '' }]);
  });
});

describe('layout assets', () => {
  it('should carry the rules picture markup relies on in the default stylesheet, as PHOTO_CSS gives them', async () => {
    const css = await readFile(path.join(REPO, 'layouts/assets/style.css'), 'utf8');
    const rules = new Set(css.split('\n').map((line) => line.trim()));
    for (const rule of PHOTO_CSS.split('\n').filter(Boolean)) expect(rules.has(rule), rule).toBe(true);
  });

  it("should take each file from the site's folder, else from Broadsheet's", async () => {
    const dir = await project({ 'assets/style.css': 'a{}', 'assets/extra/logo.svg': '<svg/>' });
    const defaults = await project({ 'style.css': 'b{}', 'search.js': '1' });
    const { files, urls } = await fingerprintAssets(path.join(dir, 'assets'), defaults);
    expect([...urls.keys()]).toEqual(['extra/logo.svg', 'search.js', 'style.css']);
    const from = Object.fromEntries(
      files.map((f) => [path.basename(f.from), path.relative(path.dirname(dir), f.from)]),
    );
    expect(from['style.css']).toBe(path.join(path.basename(dir), 'assets', 'style.css'));
    expect(from['search.js']).toBe(path.join(path.basename(defaults), 'search.js'));
  });
});
