import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../src/frontmatter.ts';

const parse = (text: string) => parseFrontMatter({ file: 'a.md', id: 'a.md', text, hash: '' });

describe('parseFrontMatter', () => {
  it('should parse YAML and say where the body starts', () => {
    const result = parse('---\ntitle: Hi\ntags: [a, b]\n---\n\nBody\n');
    if (Array.isArray(result)) throw new Error('unexpected diagnostics');
    expect(result.fields).toEqual({ title: 'Hi', tags: ['a', 'b'] });
    expect(result.body.trim()).toBe('Body');
    expect(result.bodyLine).toBe(5);
  });

  it('should locate nested fields at their own line', () => {
    const result = parse('---\ntitle: Hi\ngallery:\n  - src: a.jpg\n    alt: A\n  - src: b.jpg\n---\n');
    if (Array.isArray(result)) throw new Error('unexpected diagnostics');
    expect(result.locate(['gallery', 1, 'src'])).toEqual({ line: 6, column: 5 });
    expect(result.locate(['title'])).toEqual({ line: 2, column: 1 });
  });

  it('should keep dates as strings (YAML 1.2 core schema)', () => {
    const result = parse('---\ndate: 2021-05-05\n---\n');
    expect(!Array.isArray(result) && result.fields.date).toBe('2021-05-05');
  });

  it('should report YAML syntax errors with their position', () => {
    expect(parse('---\ntitle: [unclosed\n---\nx')).toMatchObject([{ rule: 'yaml-syntax', line: 2 }]);
    expect(parse('---\ntitle: a\ntitle: b\n---\nx')).toMatchObject([{ rule: 'yaml-syntax', line: 3, column: 1 }]);
  });

  it('should refuse JavaScript front matter without running it', () => {
    (globalThis as Record<string, unknown>).pwned = false;
    for (const lang of ['js', 'javascript', 'coffee']) {
      const result = parse(`---${lang}\n{ title: (globalThis.pwned = true, "x") }\n---\nbody`);
      expect(result).toMatchObject([{ rule: 'front-matter-language', line: 1 }]);
    }
    expect((globalThis as Record<string, unknown>).pwned).toBe(false);
  });

  it('should fail fast on a YAML alias bomb', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h']]) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = performance.now();
    const result = parse(`---\n${lines.join('\n')}\n---\nx`);
    expect(result).toMatchObject([{ rule: 'yaml-aliases' }]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('should report missing or unclosed front matter', () => {
    expect(parse('Just text')).toMatchObject([{ rule: 'no-front-matter', line: 1 }]);
    expect(parse('---\ntitle: x\nbody')).toMatchObject([{ rule: 'unclosed-front-matter' }]);
  });

  it('should report front matter that is not a mapping', () => {
    expect(parse('---\n- a\n- b\n---\nx')).toMatchObject([{ rule: 'front-matter-shape' }]);
  });
});
