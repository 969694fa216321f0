import path from 'node:path';
import type { CheckReport } from '../../check/check.ts';
import type { Output } from '../../output/output.ts';
import { SEARCH_FOLDER, type PageJob } from '../../routes/route.ts';
import { promisedUrls } from '../../site/ledger-file.ts';
import type { Ledger } from '../../site/ledger.ts';
import type { Env } from '../env.ts';
import type { Run } from '../run.ts';

/**
 * check (`--check`): `broadsheet check` on the staged site before it replaces the output,
 * reading the files of this build where they are. A rebuild that deleted nothing a page
 * can link to checks the files it wrote: every link of an unchanged page still finds the
 * file it found when that page was checked. A first build, or one that deleted such a
 * file, checks them all. Every URL the ledger promised (before this build) must still
 * answer, as `broadsheet check` asks; `broadsheet merge --check` runs it too.
 */
export async function checkBuild(
  env: Pick<Env, 'config' | 'cwd'>,
  output: Output,
  run: Run,
  ledger: Ledger | undefined,
  /** The story pages of this build: each page's output path and its article as messages show it. */
  stories: readonly PageJob[] = [],
): Promise<CheckReport> {
  // Imported only for --check: its HTML and XML parsers are not needed otherwise.
  const { checkSite } = await import('../../check/check.ts');
  const { config } = env;
  const shownPage = (rel: string) => path.relative(env.cwd, path.join(config.out, rel));
  // A problem on a story page is most often in the article (a link in its body): say which.
  const articles = new Map(
    stories.flatMap((job) =>
      job.type === 'layout' && job.layout === 'story' ? [[shownPage(job.output), job.props.story.id] as const] : [],
    ),
  );
  const report = await checkSite({
    siteUrl: config.url,
    manifest: false,
    allowCredit: config.images.keepCopyright,
    ...(ledger && config.ledger ? { promised: promisedUrls(ledger, path.relative(env.cwd, config.ledger)) } : {}),
    files: {
      list: [...output.files.keys()].sort(),
      read: (rel) => output.read(rel),
      shown: shownPage,
    },
    progress: (done, total) => run.progress.tick?.('check', done, total),
    only: output.previous && !deletedLinkable(output, config.search) ? output.writtenFiles() : undefined,
  });
  if (articles.size === 0) return report;
  const from = (file: string) => {
    const id = articles.get(file);
    return id === undefined ? '' : ` (the page of ${path.relative(env.cwd, path.join(config.articles, id))})`;
  };
  return { ...report, diagnostics: report.diagnostics.map((d) => ({ ...d, reason: d.reason + from(d.file) })) };
}

/**
 * Whether the build deleted a file a page may link to. With search on, not the search
 * index's files, which only Pagefind writes (no other file may go into its folder): its
 * index files are named by their content, so every new index replaces hundreds of them,
 * and only its own entry file names them. Its scripts and styles keep their names.
 */
function deletedLinkable(output: Output, search: boolean): boolean {
  const written = output.writtenFiles();
  return output.changes().paths.some((rel) => !written.has(rel) && !(search && rel.startsWith(`${SEARCH_FOLDER}/`)));
}
