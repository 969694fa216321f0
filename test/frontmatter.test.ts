import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../src/content/frontmatter.ts';
import { parseSimpleYaml } from '../src/content/simple-yaml.ts';
import { parseYamlDocument } from '../src/content/yaml.ts';
import { prng } from './helpers.ts';

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

  it('should point at the line where an unclosed quote or bracket opens, not where the block ends', () => {
    const unclosed = parse('---\ntitle: "Mayor resigns\ndate: 2024-01-01\ntags: [a, b]\nsection: world\n---\nx');
    expect(unclosed).toMatchObject([
      { rule: 'yaml-syntax', line: 2, column: 8, reason: 'the "quoted" value that starts here is never closed' },
    ]);
    expect(parse("---\ndate: 2024-01-01\ntitle: 'Mayor resigns\nsection: world\n---\nx")).toMatchObject([
      { rule: 'yaml-syntax', line: 3, column: 8 },
    ]);
    expect(parse('---\ntitle: T\ntags: [a, b\ndate: 2024-01-01\n---\nx')).toMatchObject([
      { rule: 'yaml-syntax', line: 3, column: 7, reason: 'the [ that starts here is never closed with ]' },
    ]);
    expect(parse('---\ntitle: T\nimage: {src: a.jpg, alt: A\ndate: 2024-01-01\n---\nx')).toMatchObject([
      { rule: 'yaml-syntax', line: 3, column: 8, reason: 'the { that starts here is never closed with }' },
    ]);
    // Told once, without the parser's errors that follow from it (the rest read inside the bracket).
    expect(parse('---\ntitle: T\ndate: 2026-12-01\ntags: [politics, city\n  authors: - broken\n---\nx')).toEqual([
      expect.objectContaining({
        rule: 'yaml-syntax',
        line: 4,
        column: 7,
        reason: 'the [ that starts here is never closed with ]',
      }),
    ]);
  });

  it('should say in plain words that a value containing ": " needs quotes', () => {
    expect(parse('---\ntitle: Budget: what it means\ndate: 2024-01-01\n---\nx')).toMatchObject([
      { rule: 'yaml-syntax', line: 2, reason: expect.stringContaining('put the whole value in quotes') },
    ]);
  });

  it('should refuse front matter nested thousands of levels deep as one positioned error, without a stack overflow', () => {
    const flow = parse(`---\ntitle: T\ntags: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\nx`);
    expect(flow).toMatchObject([{ rule: 'nesting-too-deep', line: 3 }]);
    const block = parse(
      `---\ntitle: T\na:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}b:`).join('\n')} x\n---\nx`,
    );
    expect(block).toMatchObject([{ rule: 'nesting-too-deep', line: 35 }]);
    // Deep-looking text that is not deep (brackets in quotes, an indented block scalar) is read as usual.
    const fine = parse(
      `---\ntitle: "${'['.repeat(40)}"\nnote: |\n${Array.from({ length: 5 }, (_, i) => `${' '.repeat(40 + i)}line`).join('\n')}\n---\nx`,
    );
    expect(Array.isArray(fine)).toBe(false);
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
    for (const [prev, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
      ['g', 'h'],
    ]) {
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

describe('the simple front-matter reader', () => {
  /** The fast path either declines or gives the yaml document model's values and positions. */
  const agrees = (yaml: string): 'fast' | 'declined' => {
    const simple = parseSimpleYaml(yaml);
    if (!simple) return 'declined';
    const full = parseYamlDocument(yaml);
    expect(full.ok, yaml).toBe(true);
    if (!full.ok) return 'fast';
    expect(full.isMapping, yaml).toBe(true);
    expect(simple.value, yaml).toStrictEqual(full.value);
    const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      const out = [prefix, [...prefix, 'missing'], [...prefix, 0], [...prefix, 9]];
      if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
      else if (value && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
      return out;
    };
    for (const p of paths(full.value))
      expect(simple.locate(p), `${yaml}\n${JSON.stringify(p)}`).toEqual(full.locate(p));
    return 'fast';
  };

  it('should read the usual front matter itself, as the yaml package reads it', () => {
    const usual = [
      '\ntitle: "Tech giant unveils \\"windfall\\" tax"\ndate: 2022-06-27T07:30:00+10:00\nauthors: ["Quentin Costa", \'Ana O\'\'Neil\']\nsection: opinion\ntags: [teachers union, childcare]\nimage:\n  src: "images/a.jpg"\n  alt: Campaigners gather\n',
      '\n# A comment line\ntitle: Plain title with a colon:inside and a#hash\ncanonical: https://example.org/a/b?c=d\ndraft: true\ngallery:\n  - src: a.jpg\n    alt: A\n\n  - src: b.jpg\n    caption: "B \\u00e9"\nauthors:\n- One\n- "Two"\ncorrections:\n  - date: 2024-01-02\n    text: \'It said "Tuesday".\'\n',
      '',
      '\n\n',
    ];
    for (const yaml of usual) expect(agrees(yaml)).toBe('fast');
  });

  it('should leave everything else to the yaml package', () => {
    const others = [
      'count: 3',
      'ratio: 1.5e3',
      'hex: 0x1F',
      'nothing: ~',
      'nothing: null',
      'empty:',
      'neg: -1',
      'inf: .inf',
      'a: b: c',
      'a: x # comment',
      'a: "esc \\x41"',
      'a: &anchor x\nb: *anchor',
      'a: !tag x',
      'a: |\n  block',
      'a: >\n  folded',
      'a: [x, [y]]',
      'a: {b: c}',
      'a: [k: v]',
      'a: [x,]',
      'a: "unterminated',
      "a: 'unterminated",
      'a:\tb',
      'a: b\r\nc: d',
      'a: plain\n  continued',
      'a: 1\na: 2',
      'true: x',
      '"quoted key": x',
      'a b: c',
      '- a\n- b',
      'just a scalar',
      'a:\n  b: 1\n c: 2',
      'a:\n- x\n  - y',
      '__proto__: x',
      '---\na: b',
      'a: "x"y',
      "a: 'x'y",
      'a: @at',
      'a: `tick`',
      'a: %pct',
      'a: \u0085nel',
      'a: x\u2028y',
      '\ufeffa: b',
    ];
    for (const yaml of others) expect(agrees(yaml), yaml).toBe('declined');
  });

  it('should agree with the yaml package on random front matter, or decline it', () => {
    const random = prng(20261203);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const scalars = [
      'plain',
      'two words',
      'Ünïcode ✓ 🗞',
      '2024-01-02',
      '2024-01-02T03:04:05+01:00',
      'https://example.org/x',
      'a:b',
      'a: b',
      'x #y',
      'x#y',
      'ends:',
      '"dq"',
      '"dq \\"in\\" \\\\ \\/ \\n \\u00e9"',
      '"bad \\x41"',
      "'sq'",
      "'it''s'",
      "''",
      '""',
      'true',
      'True',
      'TRUE',
      'tRue',
      'false',
      'no',
      'yes',
      'on',
      'null',
      'Null',
      'nULL',
      '~',
      '1',
      '-1',
      '+1',
      '1.5',
      '.5',
      '1e3',
      '0x1F',
      '0o17',
      '0b1',
      '.inf',
      '.NaN',
      '-x',
      '?x',
      '[a, b]',
      '[]',
      '[ a ,"b", \'c\' ]',
      '[a, [b]]',
      '[a,]',
      '[a:b]',
      '{a: b}',
      '&a x',
      '*a',
      '!t x',
      '|',
      '>',
      '@x',
      '`x`',
      '%x',
      ',x',
      'x,y',
      'x]',
      'tab\there',
      'trailing   ',
    ];
    const keys = [
      'title',
      'dek',
      'tags',
      'image',
      'src',
      'alt',
      'a-b',
      '_x',
      'x y',
      'true',
      'null',
      '1',
      '"q"',
      'title',
    ];
    const indent = () => ' '.repeat(pick([1, 2, 2, 2, 3, 4]));
    const block = (depth: number, at: string): string[] => {
      const lines: string[] = [];
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) {
        const key = pick(keys);
        const r = random();
        if (r < 0.55 || depth > 1)
          lines.push(`${at}${key}:${pick([' ', ' ', '  '])}${pick(scalars)}${pick(['', '', ' ', ' # c'])}`);
        else if (r < 0.75) {
          lines.push(`${at}${key}:`);
          const dash = pick([at, at + indent()]);
          for (let m = 1 + Math.floor(random() * 3); m > 0; m--) {
            if (random() < 0.5) lines.push(`${dash}-${pick([' ', '  '])}${pick(scalars)}`);
            else {
              const [first, ...rest] = block(depth + 1, '');
              lines.push(`${dash}- ${first}`, ...rest.map((line) => `${dash}  ${line}`));
            }
          }
        } else {
          lines.push(`${at}${key}:`);
          lines.push(...block(depth + 1, at + indent()));
        }
        if (random() < 0.1) lines.push(pick(['', '# comment', `${at}  # indented comment`]));
      }
      return lines;
    };
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const yaml = `\n${block(0, '').join('\n')}\n`;
      if (agrees(yaml) === 'fast') fast++;
    }
    // Enough of them take the fast path for the comparison to mean something.
    expect(fast).toBeGreaterThan(100);
  });
});
