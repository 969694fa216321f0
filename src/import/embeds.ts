/**
 * The Markdown and HTML that shortcodes and template tags become. Embeds are iframes only
 * from hosts Broadsheet keeps (`markdown.embedHosts`), and links otherwise: a page never
 * gets third-party script, which Broadsheet's Content-Security-Policy would block anyway.
 */

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Text safe inside Markdown link text or image alt. */
const escapeLabel = (text: string) => text.replace(/([\\[\]])/g, '\\$1').replace(/\s*\n\s*/g, ' ');

/** A link destination, in angle brackets when it has spaces or parentheses. */
export const destination = (url: string) =>
  /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;

export const markdownLink = (text: string, url: string) => `[${escapeLabel(text)}](${destination(url)})`;

/** `![alt](src "Caption | Credit")`: Broadsheet makes a figure of an image alone in a paragraph with a title. */
export function markdownImage(src: string, alt: string, caption?: string, credit?: string): string {
  const title = [caption?.trim(), credit?.trim()].filter(Boolean).join(' | ');
  const quoted = title ? ` "${title.replace(/\s*\n\s*/g, ' ').replace(/(["\\])/g, '\\$1')}"` : '';
  return `![${escapeLabel(alt)}](${destination(src)}${quoted})`;
}

/** A Markdown link in a caption: `Sample [results](https://…)`. */
export const CAPTION_LINK = /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+|\/[^)\s]*)\)/g;

/** A caption as HTML, its Markdown links as links. */
export const captionHtml = (text: string): string =>
  escapeHtml(text).replace(CAPTION_LINK, (_, label: string, url: string) => `<a href="${url}">${label}</a>`);

/** A figure whose picture is also a link: HTML, since Markdown's image-in-link is no figure. */
export function htmlFigure(image: {
  src: string;
  alt: string;
  link?: string | undefined;
  caption?: string | undefined;
}): string {
  const img = `<img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.alt)}">`;
  const picture = image.link ? `<a href="${escapeHtml(image.link)}">${img}</a>` : img;
  const caption = image.caption ? `<figcaption>${escapeHtml(image.caption)}</figcaption>` : '';
  return `<figure>${picture}${caption}</figure>`;
}

/** A fenced code block, its fence longer than any run of backticks in the code. */
export function fencedCode(code: string, language = ''): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  let body = code.replace(/^[ \t]*\n/, '');
  const last = body.lastIndexOf('\n');
  if (last !== -1 && body.slice(last + 1).trim() === '') body = body.slice(0, last);
  return `${fence}${language}\n${body}\n${fence}`;
}

/** `<details>` with a summary, the inner Markdown left between blank lines so it is still Markdown. */
export const detailsOpen = (summary: string) => `<details>\n<summary>${escapeHtml(summary || 'Details')}</summary>\n\n`;
export const detailsClose = '\n\n</details>';

/** An iframe from the first allowed host, else a link to the page that shows the video. */
function embed(
  hosts: readonly string[],
  players: readonly string[],
  src: (host: string) => string,
  title: string,
  page: string,
): string {
  const host = players.find((h) => hosts.includes(h));
  if (!host) return markdownLink(title, page);
  return `<iframe src="${escapeHtml(src(host))}" title="${escapeHtml(title)}" width="560" height="315" allow="fullscreen; picture-in-picture" allowfullscreen loading="lazy"></iframe>`;
}

export function youtube(id: string, title: string | undefined, hosts: readonly string[]): string {
  const name = title || 'YouTube video';
  return embed(
    hosts,
    ['www.youtube-nocookie.com', 'www.youtube.com'],
    (host) => `https://${host}/embed/${encodeURIComponent(id)}`,
    name,
    `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`,
  );
}

export function vimeo(id: string, title: string | undefined, hosts: readonly string[]): string {
  return embed(
    hosts,
    ['player.vimeo.com'],
    () => `https://player.vimeo.com/video/${encodeURIComponent(id)}`,
    title || 'Vimeo video',
    `https://vimeo.com/${encodeURIComponent(id)}`,
  );
}

/** A post on X (Twitter) as a link: its text was never in the source, only its id. */
export function tweet(id: string, user?: string): string {
  const url = user ? `https://x.com/${encodeURIComponent(user)}/status/${id}` : `https://x.com/i/status/${id}`;
  return markdownLink(user ? `Post by @${user} on X` : 'Post on X', url);
}

/** The id of a YouTube video from an id or any of its URLs. */
export function youtubeId(value: string): string | undefined {
  if (/^[\w-]{6,20}$/.test(value)) return value;
  const m = /(?:youtu\.be\/|[?&]v=|\/embed\/|\/shorts\/|\/live\/)([\w-]{6,20})/.exec(value);
  return m?.[1];
}

/** A status URL on X or Twitter: its user and id. */
export function tweetParts(value: string): { id: string; user?: string } | undefined {
  if (/^\d{5,25}$/.test(value)) return { id: value };
  const m = /(?:twitter|x)\.com\/([\w]+)\/status(?:es)?\/(\d+)/.exec(value);
  return m ? { user: m[1]!, id: m[2]! } : undefined;
}

export const gist = (user: string | undefined, id: string, file?: string) => {
  const url = `https://gist.github.com/${user ? `${encodeURIComponent(user)}/` : ''}${encodeURIComponent(id)}${file ? `#file-${file.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : ''}`;
  return markdownLink(`Gist ${user ? `${user}/` : ''}${id}${file ? ` (${file})` : ''}`, url);
};

export const instagram = (id: string) =>
  markdownLink('Post on Instagram', `https://www.instagram.com/p/${encodeURIComponent(id)}/`);

export { escapeHtml };
