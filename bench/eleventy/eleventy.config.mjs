// Eleventy 3 on the standard corpus: every Markdown file becomes a page through one layout,
// like Broadsheet's story pages. bench/run.mjs passes the corpus as --input.
import path from 'node:path';

export default function (eleventyConfig) {
  eleventyConfig.addGlobalData('layout', 'article.njk');
  eleventyConfig.addGlobalData('permalink', () => (data) => `/${data.page.fileSlug}/`);
  const input = process.env.BENCH_INPUT ?? '.';
  // The stories' pictures, copied like Broadsheet and Hugo copy them (paths are from the working directory).
  eleventyConfig.addPassthroughCopy({ [path.relative(process.cwd(), path.join(input, 'images'))]: 'images' });
  return {
    dir: { includes: path.relative(input, path.join(import.meta.dirname, '_includes')) },
    markdownTemplateEngine: false,
  };
}
