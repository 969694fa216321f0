import { catalogue, type ErrorId } from './errors.ts';

export type Severity = 'error' | 'warning';

/** A problem found while building, with the place it points at. Lines and columns are 1-based. */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: ErrorId;
  readonly reason: string;
  readonly hint: string;
  readonly severity: Severity;
}

export interface Place {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** Make a diagnostic from the catalogue; `reason` defaults to the catalogue title. */
export function diagnostic(
  rule: ErrorId,
  place: Place,
  reason: string = catalogue[rule].title,
  options: { severity?: Severity; hint?: string } = {},
): Diagnostic {
  return {
    file: place.file,
    line: place.line ?? 1,
    column: place.column ?? 1,
    rule,
    reason,
    hint: options.hint ?? catalogue[rule].hint,
    severity: options.severity ?? 'error',
  };
}

export const hasErrors = (list: readonly Diagnostic[]): boolean => list.some((d) => d.severity === 'error');

/** The list with each problem once: one file used twice at one place is reported there once. */
export function uniqueDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.rule}\0${d.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Sort by file, then position, so that output is stable whatever order stages ran in. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      a.rule.localeCompare(b.rule),
  );
}

export interface FormatOptions {
  /** Returns the text of a file for a code frame, or undefined to print none. */
  readonly source?: ((file: string) => string | undefined) | undefined;
  readonly color?: boolean;
}

/**
 * Human-readable report: one `path:line:column: severity message [rule]` line per problem,
 * a code frame where the source is known, and the hint.
 */
export function formatDiagnostics(list: readonly Diagnostic[], options: FormatOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const out: string[] = [];
  for (const d of sortDiagnostics(list)) {
    const label = d.severity === 'error' ? paint('31', 'error') : paint('33', 'warning');
    out.push(`${d.file}:${d.line}:${d.column}: ${label} ${d.reason} [${d.rule}]`);
    const frame = codeFrame(options.source?.(d.file), d.line, d.column);
    if (frame) out.push(paint('2', frame));
    out.push(`  hint: ${d.hint}`);
  }
  return out.join('\n');
}

/** Two lines of context before the problem line and a caret under its column. */
export function codeFrame(text: string | undefined, line: number, column: number): string | undefined {
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return undefined;
  // Long lines (built HTML is one line per page) are cut to a window around the column.
  const WIDTH = 120;
  const start = column - 1 > WIDTH - 20 ? column - 1 - (WIDTH >> 1) : 0;
  const cut = (text: string) =>
    (start > 0 ? '…' : '') + text.slice(start, start + WIDTH) + (text.length > start + WIDTH ? '…' : '');
  const first = Math.max(1, line - 2);
  const width = String(line).length;
  const rows: string[] = [];
  for (let n = first; n <= line; n++) rows.push(`  ${String(n).padStart(width)} | ${cut(lines[n - 1] ?? '')}`);
  rows.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1 - start + (start > 0 ? 1 : 0)))}^`);
  return rows.join('\n');
}

/** GitHub Actions workflow-command escaping: the message, and (stricter) property values. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions annotations, one line per problem
 * (`::error file=articles/x.md,line=3,col=1,title=…::message`): GitHub shows them on the
 * pull request's diff and in the run summary.
 */
export function formatAnnotations(list: readonly Diagnostic[]): string {
  return sortDiagnostics(list)
    .map((d) => {
      const properties = `file=${escapeProperty(d.file.split('\\').join('/'))},line=${d.line},col=${d.column},title=${escapeProperty(`${d.severity === 'error' ? 'Error' : 'Warning'} [${d.rule}]`)}`;
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${properties}::${escapeData(`${d.reason}\nhint: ${d.hint}`)}`;
    })
    .join('\n');
}
