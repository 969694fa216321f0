import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAuthorProfiles } from '../src/site/authors-file.ts';
import { removeDir, tempSite } from './helpers.ts';

describe('the authors file', () => {
  it('should read profiles by byline', async () => {
    const dir = await tempSite({
      'authors.yaml':
        'Maya Okonkwo:\n  bio: Covers the council.\n  links:\n    - { label: Mastodon, url: https://example.social/@maya }\n',
    });
    try {
      const { profiles, diagnostics } = await loadAuthorProfiles(path.join(dir, 'authors.yaml'), dir);
      expect(diagnostics).toEqual([]);
      expect(profiles.get('Maya Okonkwo')).toEqual({
        bio: 'Covers the council.',
        links: [{ label: 'Mastodon', url: 'https://example.social/@maya' }],
      });
    } finally {
      await removeDir(dir);
    }
  });

  it('should point at an unknown field on its own line, with the field meant', async () => {
    const dir = await tempSite({
      'authors.yaml': [
        'Maya Okonkwo:',
        '  bio: Covers the council.',
        '  phtoo: /maya.jpg',
        '  twitter: maya',
        '  links:',
        '    - label: Site',
        '      ulr: https://example.org/',
        '',
      ].join('\n'),
    });
    try {
      const { profiles, diagnostics } = await loadAuthorProfiles(path.join(dir, 'authors.yaml'), dir);
      expect(profiles.size).toBe(0);
      const lines = diagnostics.map((d) => [d.rule, d.file, d.line, d.reason]).sort((a, b) => +a[2]! - +b[2]!);
      expect(lines).toEqual([
        ['authors-file', 'authors.yaml', 3, 'Maya Okonkwo has no field "phtoo": did you mean photo?'],
        [
          'authors-file',
          'authors.yaml',
          4,
          'Maya Okonkwo has no field "twitter" (the fields are bio, photo, url, links)',
        ],
        ['authors-file', 'authors.yaml', 6, 'Maya Okonkwo.links.0.url: is missing (it is text)'],
        ['authors-file', 'authors.yaml', 7, 'Maya Okonkwo.links.0 has no field "ulr": did you mean url?'],
      ]);
    } finally {
      await removeDir(dir);
    }
  });
});
