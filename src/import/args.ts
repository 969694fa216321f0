/** One argument of a shortcode or tag: its text, and whether it was quoted (a literal, not a variable). */
export interface Arg {
  readonly value: string;
  readonly quoted: boolean;
}

export interface Args {
  readonly positional: readonly Arg[];
  readonly named: ReadonlyMap<string, Arg>;
}

/**
 * Split the arguments of a Hugo shortcode (`src="a.jpg" alt="A"`, `"id"`), a Liquid tag
 * (`note.html content="x" level=2`, `'file', var: value`) or a Nunjucks shortcode call
 * (`"a.jpg", "alt"`): values separated by white space or commas, quoted with `"`, `'` or
 * `` ` `` (backslash escapes inside `"`), named ones written `key=value` or `key: value`.
 * Undefined when a quote is never closed.
 */
export function splitArgs(text: string): Args | undefined {
  const positional: Arg[] = [];
  const named = new Map<string, Arg>();
  let at = 0;
  const skip = () => {
    while (at < text.length && /[\s,]/.test(text[at]!)) at++;
  };
  const read = (): Arg | undefined => {
    const quote = text[at]!;
    if (quote === '"' || quote === "'" || quote === '`') {
      let value = '';
      for (at++; at < text.length; at++) {
        const c = text[at]!;
        if (c === quote) {
          at++;
          return { value, quoted: true };
        }
        if (c === '\\' && quote === '"' && at + 1 < text.length) value += text[++at];
        else value += c;
      }
      return undefined;
    }
    const start = at;
    while (at < text.length && !/[\s,=]/.test(text[at]!) && !(text[at] === ':' && /\s/.test(text[at + 1] ?? ' '))) at++;
    return { value: text.slice(start, at), quoted: false };
  };
  for (skip(); at < text.length; skip()) {
    const arg = read();
    if (!arg) return undefined;
    if (arg.value === '' && !arg.quoted) {
      at++; // a stray "=" or ":": not something an argument starts with
      continue;
    }
    let look = at;
    while (look < text.length && /[ \t]/.test(text[look]!)) look++;
    const separator = text[look];
    if (
      !arg.quoted &&
      /^[\w-]+$/.test(arg.value) &&
      (separator === '=' || (separator === ':' && /\s/.test(text[look + 1] ?? ' ')))
    ) {
      at = look + 1;
      while (at < text.length && /[ \t]/.test(text[at]!)) at++;
      const value = at < text.length ? read() : { value: '', quoted: false };
      if (!value) return undefined;
      named.set(arg.value, value);
    } else positional.push(arg);
  }
  return { positional, named };
}
