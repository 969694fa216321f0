// One thread's share of the bare pipeline (see build.mjs): the packages Broadsheet itself
// depends on, resolved from the repository's node_modules.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeStringify).freeze();

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderAll(articles, out, files) {
  for (const file of files) {
    const { data, content } = matter(readFileSync(path.join(articles, file), 'utf8'));
    const body = String(processor.processSync(content));
    const title = escape(data.title ?? '');
    const dir = path.join(out, file.replace(/\.md$/, ''));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'index.html'),
      `<!doctype html><html lang="en"><title>${title}</title><main><h1>${title}</h1>${body}</main></html>\n`,
    );
  }
}
