import type { Nodes } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { containerDepth, deepestTagLine } from '../src/content/markdown/nesting.ts';
import { prng } from './helpers.ts';

/** How deeply a Markdown parser nests block quotes and list items in the text. */
function parsedDepth(text: string): number {
  const depth = (node: Nodes): number => {
    const own = node.type === 'blockquote' || node.type === 'listItem' ? 1 : 0;
    const children = 'children' in node ? (node.children as Nodes[]) : [];
    return own + children.reduce((max, child) => Math.max(max, depth(child)), 0);
  };
  return depth(unified().use(remarkParse).parse(text));
}

/** The depth containerDepth() finds: the smallest limit it does not refuse. */
function scannedDepth(text: string): number {
  let limit = 0;
  while (containerDepth(text, limit)) limit++;
  return limit;
}

describe('containerDepth', () => {
  it('should count block quotes and list items as a Markdown parser nests them', () => {
    for (const text of [
      '> a\n> > b\n> > > c\n',
      '- a\n  - b\n    - c\n      - d\n',
      '1. a\n   1. b\n      1) c\n',
      '- > - > a\n',
      '* a\n\n  * b\n\n    continued\n',
      '\t- a\n\t\t- b\n',
      '- a\n-\n  - b\n',
    ])
      expect([text, scannedDepth(text)]).toEqual([text, parsedDepth(text)]);
  });

  it('should not count markers inside fenced code, thematic breaks or indented code', () => {
    for (const text of [
      '```\n> > > >\n- - - - a\n```\n',
      '~~~~\n> > >\n```\n> > >\n~~~~\n',
      '- - -\n\n* * *\n\n_ _ _\n',
      '    > > > code\n',
      '- item\n\n  ```\n  > > > >\n  ```\n',
    ])
      expect([text, scannedDepth(text)]).toEqual([text, parsedDepth(text)]);
  });

  it('should agree with the parser on most random text dense with markers, tabs and fences, and never count far deeper', () => {
    const random = prng(27);
    const pieces = ['> ', '- ', '* ', '1. ', '2) ', '  ', '    ', '\t', '```\n', 'text', '\n', '\n\n', '- - -', '>'];
    let agree = 0;
    for (let n = 0; n < 1000; n++) {
      let text = '';
      for (let i = 0; i < 40; i++) text += pieces[Math.floor(random() * pieces.length)];
      const [scanned, parsed] = [scannedDepth(text), parsedDepth(text)];
      // Counting fewer levels only lets a deep text reach the parser's own limits.
      expect([text, scanned - parsed <= 6]).toEqual([text, true]);
      if (scanned === parsed) agree++;
    }
    expect(agree).toBeGreaterThan(700);
  });

  it('should give the line where the limit is passed', () => {
    const text = 'Intro\n\n' + Array.from({ length: 50 }, (_, i) => `${'  '.repeat(i)}- a\n`).join('');
    expect(containerDepth(text, 32)).toEqual({ line: 35, depth: 33 });
    expect(containerDepth(text, 50)).toBeUndefined();
  });
});

describe('deepestTagLine', () => {
  it('should find the line where the tags nest deepest, skipping void and self-closed ones', () => {
    expect(deepestTagLine('<p>a</p>\n<div>\n<div><br><img src="x"/>\n<span>x</span>\n</div>\n</div>')).toBe(4);
    expect(deepestTagLine('no tags')).toBe(1);
  });
});
