import { readFile, rename, writeFile } from 'node:fs/promises';
import { emptyLedger, formatLedger, parseLedger, type Ledger, type LedgerProblem } from './ledger.ts';
import { listingPages } from './listing-promises.ts';
import { paths } from './paths.ts';

/** The URL ledger file: none yet is an empty ledger. */
export async function readLedgerFile(file: string): Promise<{ ledger: Ledger; problems: LedgerProblem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ledger: emptyLedger(), problems: [] };
    throw error;
  }
  return parseLedger(text);
}

/** Write the ledger through a temporary file, so that it is never half written. */
export async function writeLedgerFile(file: string, ledger: Ledger): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, formatLedger(ledger));
  await rename(tmp, file);
}

/** The ledger's URLs, each with its line, for `broadsheet check`: a listing's archive pages too. */
export const promisedUrls = (ledger: Ledger, shown: string) =>
  [
    ...new Set([
      ...ledger.entries.keys(),
      ...listingPages([...ledger.listings].map(([url, pages]) => ({ url, pages }))),
    ]),
  ]
    .sort()
    .map((url) => ({
      url,
      shown,
      line: ledger.lines?.get(url) ?? ledger.lines?.get(paths.archivePageOf(url)?.listing ?? '') ?? 1,
    }));
