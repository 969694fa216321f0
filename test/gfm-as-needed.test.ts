import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import remarkGfmAsNeeded from '../src/content/markdown/gfm-as-needed.ts';

const withGfm = unified().use(remarkParse).use(remarkGfm).freeze();
const asNeeded = unified().use(remarkParse).use(remarkGfmAsNeeded).freeze();

/** Pieces of Markdown that start, end or look like GFM's constructs, and some that only look like them. */
const PIECES = [
  'Plain words',
  ' and more',
  '\n',
  '\n\n',
  '| a | b |',
  '| --- | :-: |',
  'a | b',
  '--- | ---',
  ':-:',
  '-:',
  ':--',
  '---',
  '- ',
  '* ',
  '1. ',
  '> ',
  '    ',
  '- [ ] ',
  '- [x] ',
  '[X]',
  '[^1]',
  '[^1]: A note',
  '~',
  '~~',
  '~~struck~~',
  '**',
  '_',
  '`',
  '```',
  'www.example.com',
  'WWW.Example.org/path',
  'http://example.com',
  'https://example.com/a_b?c=d',
  'HTTPS://x.y',
  'news@example.com',
  'a.b+c@d-e.f',
  '@handle',
  'mailto:desk@example.com',
  '[link](https://example.com/)',
  '[mail](mailto:desk@example.com)',
  '[angle](<https://example.com/a b>)',
  '<https://example.com>',
  '<desk@example.com>',
  '[ref]: https://example.com/ref',
  '[ref]',
  '![https://example.com/x.jpg](https://example.com/x.jpg)',
  '![alt www.example.com](y.png)',
  '](https://example.com)',
  '[unclosed](www.example.com',
  '`https://example.com`',
  '<a href="https://example.com">x</a>',
  '&#104;ttps://example.com',
  'https\\://example.com',
  '[',
  ']',
  '(',
  ')',
];

/** A deterministic generator (mulberry32): the same documents on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('GFM parsed as needed', () => {
  it('should give the tree remark-gfm gives, on random documents', () => {
    const next = random(30);
    let differing = 0;
    const kinds = new Set<string>();
    for (let n = 0; n < 4000; n++) {
      const length = 1 + Math.floor(next() * 14);
      const doc = Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]!).join('');
      const expected = withGfm.parse(doc);
      const tree = asNeeded.parse(doc);
      if (JSON.stringify(tree) !== JSON.stringify(expected)) {
        differing++;
        expect(tree, JSON.stringify(doc)).toEqual(expected);
      }
      JSON.stringify(expected, (key, value: unknown) => {
        if (key === 'type' && typeof value === 'string') kinds.add(value);
        return value;
      });
    }
    expect(differing).toBe(0);
    // The documents made every construct GFM adds, so each leaving-out was put to the test.
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['delete', 'footnoteDefinition', 'footnoteReference', 'link', 'table']),
    );
  });

  it('should make literal autolinks where remark-gfm does, and only there', () => {
    const links = (doc: string) => {
      const found: string[] = [];
      JSON.stringify(asNeeded.parse(doc), (_key, value: { type?: string; url?: string }) => {
        if (value?.type === 'link') found.push(value.url!);
        return value;
      });
      return found;
    };
    expect(links('See [the report](https://example.com/r) and www.example.org.')).toEqual([
      'https://example.com/r',
      'http://www.example.org',
    ]);
    expect(links('See [the report](https://example.com/r).')).toEqual(['https://example.com/r']);
    // An unpaired bracket before an address: it is text, and a literal autolink.
    expect(links('A stray ](https://example.com) bracket.')).toEqual(['https://example.com']);
    expect(links('Write to [the desk](mailto:desk@example.com) or news@example.com.')).toEqual([
      'mailto:desk@example.com',
      'mailto:news@example.com',
    ]);
  });

  it('should find tables without a pipe, and task lists', () => {
    const types = (doc: string) => asNeeded.parse(doc).children.map((node) => node.type);
    expect(types('abc\n:-:\n')).toEqual(['table']);
    expect(types('abc\n---\n')).toEqual(['heading']);
    const item = asNeeded.parse('- [x] done\n').children[0];
    expect(item?.type === 'list' && item.children[0]?.checked).toBe(true);
  });
});
