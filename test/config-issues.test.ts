import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { removeDir, tempSite } from './helpers.ts';

/** Config problems read by the person who wrote the config: where, and what was meant. */
describe('config problems', () => {
  it('should point at the field, suggest the option meant, and say types in plain words', async () => {
    const dir = await tempSite({
      'broadsheet.config.json': [
        '{',
        '  "titel": "The Gazette",',
        '  "frontPage": { "latst": 3 },',
        '  "timeZone": 5,',
        '  "colour": "red"',
        '}',
        '',
      ].join('\n'),
    });
    try {
      const { config, diagnostics } = await loadConfig({ cwd: dir });
      expect(config).toBeUndefined();
      const found = diagnostics.map(({ rule, file, line, column, reason }) => ({ rule, file, line, column, reason }));
      expect(found).toEqual(
        expect.arrayContaining([
          {
            rule: 'config-invalid',
            file: 'broadsheet.config.json',
            line: 2,
            column: 3,
            reason: 'titel is not a config option: did you mean title?',
          },
          {
            rule: 'config-invalid',
            file: 'broadsheet.config.json',
            line: 3,
            column: 18,
            reason: 'frontPage.latst is not a config option: did you mean frontPage.latest?',
          },
          {
            rule: 'config-invalid',
            file: 'broadsheet.config.json',
            line: 4,
            column: 3,
            reason: 'timeZone: must be text, not a number',
          },
          {
            rule: 'config-invalid',
            file: 'broadsheet.config.json',
            line: 5,
            column: 3,
            reason: 'colour is not a config option',
          },
        ]),
      );
      expect(found).toHaveLength(4);
      expect(diagnostics[0]!.hint).toContain('docs/configuration.md');

      // Inside a list: the option meant, and a missing field at the nearest field written.
      await writeFile(
        path.join(dir, 'broadsheet.config.json'),
        '{\n  "sections": [\n    { "id": "world", "nmae": "World" }\n  ]\n}\n',
      );
      const listed = (await loadConfig({ cwd: dir })).diagnostics.map(({ line, column, reason }) => ({
        line,
        column,
        reason,
      }));
      expect(listed).toEqual(
        expect.arrayContaining([
          { line: 3, column: 22, reason: 'sections.0.nmae is not a config option: did you mean sections.0.name?' },
          { line: 2, column: 3, reason: 'sections.0.name: is missing (it is text)' },
        ]),
      );
    } finally {
      await removeDir(dir);
    }
  });

  it('should refuse values that would inject into _headers, pages and link previews', async () => {
    const dir = await tempSite({
      'broadsheet.config.json': `${JSON.stringify(
        {
          url: 'https://user:secret@example.org/',
          publisher: { logo: 'javascript:alert(3)' },
          social: { image: 'data:image/png;base64,AAAA' },
          headers: {
            cacheControl: 'public\n/evil/*\n  Access-Control-Allow-Origin: *',
            contentSecurityPolicy: "default-src 'self'\r\n  X-Injected: 1",
          },
        },
        null,
        2,
      )}\n`,
    });
    try {
      const { config, diagnostics } = await loadConfig({ cwd: dir });
      expect(config).toBeUndefined();
      expect(diagnostics.map((d) => d.reason).sort()).toEqual([
        'headers.cacheControl: must be one line, without control characters',
        'headers.contentSecurityPolicy: must be one line, without control characters',
        'publisher.logo: must be a site path such as "/logo.svg" or an http(s) URL',
        'social.image: must be a site path such as "/logo.svg" or an http(s) URL',
        'url: must not hold a user name or password',
      ]);
      await writeFile(
        path.join(dir, 'broadsheet.config.json'),
        JSON.stringify({
          url: 'https://example.org/',
          publisher: { logo: '/logo.svg' },
          social: { image: 'https://cdn.example.org/s.png' },
        }),
      );
      expect((await loadConfig({ cwd: dir })).diagnostics).toEqual([]);
    } finally {
      await removeDir(dir);
    }
  });

  it("should refuse a section's former id that another section has now, or that two claim", async () => {
    const dir = await tempSite({
      'broadsheet.config.json': JSON.stringify({
        sections: [
          { id: 'government', name: 'Government', formerly: ['politics', 'world'] },
          { id: 'world', name: 'World' },
          { id: 'state', name: 'State', formerly: ['politics'] },
        ],
      }),
    });
    try {
      const { diagnostics } = await loadConfig({ cwd: dir });
      expect(diagnostics.map((d) => d.reason)).toEqual([
        'sections.0.formerly.1: "world" is a section of the site now',
        'sections.2.formerly.0: "politics" is another section\'s former id too',
      ]);
    } finally {
      await removeDir(dir);
    }
  });

  it('should point at where a JSON config stops parsing', async () => {
    const dir = await tempSite({ 'broadsheet.config.json': '{\n  "title": "x",\n  "url": "https://e.org/",\n}\n' });
    try {
      const { diagnostics } = await loadConfig({ cwd: dir });
      expect(diagnostics.map((d) => [d.file, d.line, d.column, d.hint])).toEqual([
        [
          'broadsheet.config.json',
          4,
          1,
          'Fix the config file at the place shown; docs/configuration.md lists every option with its default.',
        ],
      ]);
      // An unexpected token, which V8 tells by quoting the file around it rather than by position.
      await writeFile(path.join(dir, 'broadsheet.config.json'), '{"title":"S2",\n  "url": }\n');
      const token = (await loadConfig({ cwd: dir })).diagnostics;
      expect(token.map((d) => [d.line, d.column, d.reason])).toEqual([
        [2, 10, "cannot load the config: Unexpected token '}'"],
      ]);
    } finally {
      await removeDir(dir);
    }
  });

  it('should name the time zone a misspelt one probably is', async () => {
    const dir = await tempSite();
    try {
      const reasons = async (zone: string) => {
        await writeFile(path.join(dir, 'broadsheet.config.json'), JSON.stringify({ timeZone: zone }));
        return (await loadConfig({ cwd: dir })).diagnostics.map((d) => d.reason);
      };
      expect(await reasons('Europe/Londn')).toEqual(['timeZone: not an IANA time zone: did you mean "Europe/London"?']);
      expect(await reasons('America/New York')).toEqual([
        'timeZone: not an IANA time zone: did you mean "America/New_York"?',
      ]);
      expect(await reasons('Springfield')).toEqual([
        'timeZone: not an IANA time zone (e.g. "UTC", "Europe/London", "America/New_York")',
      ]);
      expect(await reasons('europe/london')).toEqual([]);
    } finally {
      await removeDir(dir);
    }
  });
});
