import type { ErrorId } from '../diagnostics/errors.ts';
import type { At, PageFacts } from './html-facts.ts';

/** What a story page must carry for readers and search engines, checked from its facts. */

/** Schema.org types Google reads as articles. */
const ARTICLE_TYPE =
  /^(Article|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|BlogPosting)$/;

export type Report = (rel: string, rule: ErrorId, message: string, place?: At, severity?: 'warning') => void;

/** A story page needs one absolute canonical link and NewsArticle data with headline, date and author. */
export function checkStory(rel: string, facts: PageFacts, report: Report) {
  const [canonical, second] = facts.canonicals;
  if (!canonical) report(rel, 'missing-canonical', 'is a story page without <link rel="canonical">');
  else if (second) report(rel, 'missing-canonical', 'has more than one <link rel="canonical">', second);
  else if (!/^https?:\/\//.test(canonical.href))
    report(rel, 'missing-canonical', `canonical link "${canonical.href}" is not an absolute URL`, canonical);

  const articles: Record<string, unknown>[] = [];
  for (const block of facts.jsonLd) {
    let value: unknown;
    try {
      value = JSON.parse(block.text);
    } catch (error) {
      report(rel, 'missing-structured-data', `a JSON-LD block does not parse: ${(error as Error).message}`, block);
      continue;
    }
    const nodes = (Array.isArray(value) ? value : [value]).flatMap((n) =>
      n && typeof n === 'object' && Array.isArray((n as { '@graph'?: unknown })['@graph'])
        ? (n as { '@graph': unknown[] })['@graph']
        : [n],
    );
    for (const node of nodes) {
      if (!node || typeof node !== 'object') continue;
      const type = (node as { '@type'?: unknown })['@type'];
      if ((Array.isArray(type) ? type : [type]).some((t) => typeof t === 'string' && ARTICLE_TYPE.test(t)))
        articles.push(node as Record<string, unknown>);
    }
  }
  const place = facts.jsonLd[0] ?? { line: 1, column: 1 };
  const article = articles[0];
  if (!article) {
    report(rel, 'missing-structured-data', 'is a story page without NewsArticle JSON-LD', place);
    return;
  }
  if (typeof article.headline !== 'string' || article.headline.trim() === '')
    report(rel, 'missing-structured-data', 'the NewsArticle has no headline', place);
  if (typeof article.datePublished !== 'string' || Number.isNaN(Date.parse(article.datePublished)))
    report(rel, 'missing-structured-data', 'the NewsArticle has no valid datePublished', place);
  if (article.author === undefined)
    report(rel, 'missing-structured-data', 'the NewsArticle has no author', place, 'warning');
}

/** Pictures of a story shown as decorative for want of alt text: accessibility debt, listed one by one. */
export function checkAltText(rel: string, facts: PageFacts, report: Report) {
  for (const image of facts.withoutAlt)
    report(rel, 'missing-alt', `image "${image.src}" has no alt text: screen readers skip it`, image, 'warning');
}
