/**
 * Read the data in JavaScript that only declares literal values — Eleventy's `---js`
 * front matter (`const title = "x";`) and directory data files (`export default { tags:
 * ["posts"] }`) — without running it. Strings (without `${}`), numbers, booleans, null,
 * arrays and objects are understood; anything else (a function call, a variable, an
 * import) makes the whole text unreadable, and the caller says so.
 */
export function parseJsLiterals(source: string): Record<string, unknown> | undefined {
  const reader = new Reader(source);
  try {
    const out: Record<string, unknown> = {};
    reader.space();
    if (reader.peek() === '{') {
      const value = reader.value();
      reader.space();
      reader.eat(';');
      reader.space();
      return reader.done() && isRecord(value) ? value : undefined;
    }
    while (!reader.done()) {
      if (reader.word('export')) {
        if (!reader.word('default')) return undefined;
        const value = reader.value();
        if (!isRecord(value)) return undefined;
        Object.assign(out, value);
      } else if (reader.word('module')) {
        reader.expect('.');
        if (!reader.word('exports')) return undefined;
        reader.expect('=');
        const value = reader.value();
        if (!isRecord(value)) return undefined;
        Object.assign(out, value);
      } else if (reader.word('const') || reader.word('let') || reader.word('var')) {
        const name = reader.identifier();
        reader.expect('=');
        out[name] = reader.value();
      } else return undefined;
      reader.space();
      reader.eat(';');
      reader.space();
    }
    return out;
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A cursor over the source; every method throws on anything it does not understand. */
class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.at];
  }

  /** Skip white space and comments. */
  space(): void {
    for (;;) {
      const rest = this.text.slice(this.at);
      const m = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest);
      if (!m) return;
      this.at += m[0].length;
    }
  }

  eat(char: string): boolean {
    this.space();
    if (this.text[this.at] !== char) return false;
    this.at++;
    return true;
  }

  expect(char: string): void {
    if (!this.eat(char)) throw new Error(`expected ${char}`);
  }

  word(name: string): boolean {
    this.space();
    const rest = this.text.slice(this.at);
    if (!rest.startsWith(name) || /[\w$]/.test(rest[name.length] ?? '')) return false;
    this.at += name.length;
    return true;
  }

  identifier(): string {
    this.space();
    const m = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.at));
    if (!m) throw new Error('expected a name');
    this.at += m[0].length;
    return m[0];
  }

  value(): unknown {
    this.space();
    const c = this.peek();
    if (c === '"' || c === "'" || c === '`') return this.string(c);
    if (c === '[') {
      this.at++;
      const list: unknown[] = [];
      while (!this.eat(']')) {
        list.push(this.value());
        if (!this.eat(',')) {
          this.expect(']');
          break;
        }
      }
      return list;
    }
    if (c === '{') {
      this.at++;
      const object: Record<string, unknown> = {};
      while (!this.eat('}')) {
        this.space();
        const q = this.peek();
        const key = q === '"' || q === "'" ? this.string(q) : this.identifier();
        this.expect(':');
        object[key] = this.value();
        if (!this.eat(',')) {
          this.expect('}');
          break;
        }
      }
      return object;
    }
    const rest = this.text.slice(this.at);
    const literal = /^(?:true|false|null|-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(?![\w$])/i.exec(rest);
    if (!literal) throw new Error('not a literal');
    this.at += literal[0].length;
    return literal[0] === 'true'
      ? true
      : literal[0] === 'false'
        ? false
        : literal[0] === 'null'
          ? null
          : Number(literal[0]);
  }

  private string(quote: string): string {
    let out = '';
    for (this.at++; this.at < this.text.length; this.at++) {
      const c = this.text[this.at]!;
      if (c === quote) {
        this.at++;
        return out;
      }
      if (quote === '`' && c === '$' && this.text[this.at + 1] === '{') throw new Error('template expression');
      if (c === '\\') {
        const next = this.text[++this.at] ?? '';
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else if (c === '\n' && quote !== '`') throw new Error('unterminated string');
      else out += c;
    }
    throw new Error('unterminated string');
  }
}
