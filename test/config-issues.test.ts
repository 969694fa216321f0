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
    } finally {
      await removeDir(dir);
    }
  });
});
