import path from 'node:path';
import type { StoryCore } from '../../content/story.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import { readLedgerFile, writeLedgerFile } from '../../site/ledger-file.ts';
import { emptyLedger, recordServed, recordsServed, sameLedger, type Ledger } from '../../site/ledger.ts';
import { servedListings } from '../../site/listing-promises.ts';
import type { SiteIndex } from '../../site/site-index.ts';
import { publishes, type Env } from '../env.ts';

/** The ledger file as messages name it: relative to the working folder. */
export const ledgerShown = (env: Env): string =>
  env.config.ledger ? path.relative(env.cwd, env.config.ledger) : 'published-urls.txt';

/** ledger: the URL ledger as the last build left it (none yet, or turned off: empty). */
export async function readLedger(env: Env): Promise<{ ledger: Ledger; diagnostics: Diagnostic[] }> {
  const file = env.config.ledger;
  if (!file) return { ledger: emptyLedger(), diagnostics: [] };
  const { ledger, problems } = await readLedgerFile(file);
  const shown = ledgerShown(env);
  return {
    ledger,
    diagnostics: problems.map((p) => diagnostic('ledger-invalid', { file: shown, line: p.line, column: 1 }, p.reason)),
  };
}

/**
 * record: the ledger with every URL this build published, its stories', its listings'
 * and the files its stories link (`files`, by `fileUrl`), written beside the articles
 * when it says something new. A preview records nothing (`publishes`).
 */
export async function recordLedger(
  env: Env,
  ledger: Ledger,
  published: readonly StoryCore[],
  index: SiteIndex,
  files: readonly string[],
): Promise<void> {
  const file = env.config.ledger;
  if (!file || !publishes(env)) return;
  const listings = servedListings(index, env.config.listings.pageSize);
  if (recordsServed(ledger, published, listings, files)) return;
  const next = recordServed(ledger, published, listings, files);
  if (!sameLedger(ledger, next)) await writeLedgerFile(file, next);
}
