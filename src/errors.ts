/**
 * The error catalogue: every problem Broadsheet reports has a permanent id, a title
 * (what happened) and a hint (what to do). Ids never change meaning, so they can be
 * searched for and documented; the README's "Errors" table lists every id, and
 * `test/errors.test.ts` fails when one is missing there.
 */
export const catalogue = {
  'empty-article': {
    title: 'The article file is empty',
    hint: 'Start the file with front matter: a line `---`, at least `title:` and `date:`, then `---` and the story text.',
  },
  'invalid-utf8': {
    title: 'The file is not valid UTF-8',
    hint: 'Save the file as UTF-8 (most editors have a "Save with encoding" command).',
  },
  'no-front-matter': {
    title: 'The article has no front matter',
    hint: 'Begin the file with a `---` line, then `title:` and `date:`, then a closing `---` line.',
  },
  'unclosed-front-matter': {
    title: 'The front matter is never closed',
    hint: 'Add a line containing only `---` after the last front-matter field.',
  },
  'front-matter-language': {
    title: 'This front-matter language is not allowed',
    hint: 'Use YAML front matter (`---` on its own line). JavaScript front matter is refused because it would run code during the build.',
  },
  'yaml-syntax': {
    title: 'The front matter is not valid YAML',
    hint: 'Check indentation and quoting; values containing `: ` or starting with a special character need quotes.',
  },
  'yaml-aliases': {
    title: 'The front matter uses too many YAML aliases',
    hint: 'Expand the `*alias` references by hand; heavily nested aliases are refused to stop "billion laughs" documents.',
  },
  'front-matter-shape': {
    title: 'The front matter must be a mapping of fields',
    hint: 'Write one `field: value` per line, for example `title: My headline`.',
  },
  'missing-field': {
    title: 'A required field is missing',
    hint: 'Every article needs `title:` and `date:` in its front matter.',
  },
  'invalid-field': {
    title: 'A front-matter field has the wrong type',
    hint: 'See the article format reference in the README for the shape of each field.',
  },
  'invalid-date': {
    title: 'A date cannot be read',
    hint: 'Write dates in ISO 8601, e.g. `2021-05-05T12:20:00Z` or `2021-05-05 15:20` (read in the site time zone).',
  },
  'unknown-field': {
    title: 'Unknown front-matter field',
    hint: 'The value is kept in `story.data` for layouts; check the spelling if you meant a built-in field.',
  },
  'unsafe-url': {
    title: 'A URL uses a scheme that is not allowed',
    hint: 'Use an `https://` or `http://` URL, or a path relative to the site.',
  },
  'unsafe-path': {
    title: 'A path would leave the output folder',
    hint: 'Slugs and aliases are site paths: use letters, digits, `-`, `_` and `/` only, without `..`, a scheme or a host.',
  },
  'unknown-section': {
    title: 'The section is not one of the configured sections',
    hint: 'Add the section to `sections` in broadsheet.config.ts, or use one that exists.',
  },
  'duplicate-url': {
    title: 'Two articles would be written to the same URL',
    hint: 'Give one of them a different `slug:` (or change the permalink pattern in broadsheet.config.ts).',
  },
  'slug-collision': {
    title: 'Two tag or author names make the same URL slug',
    hint: 'Both get pages; the later name in alphabetical order gets a numbered slug. Merge the names if they mean the same thing.',
  },
  'authors-file': {
    title: 'The authors file is invalid',
    hint: 'authors.yaml maps author names to {bio, photo, url, links: [{label, url}]}; see the README.',
  },
  'duplicate-slug': {
    title: 'Two stories have the same title on the same day',
    hint: 'The later one gets a numbered URL, which would change if the earlier one were deleted: give it a `slug:` of its own.',
  },
  'missing-image': {
    title: 'An image file does not exist',
    hint: 'Image paths are relative to the article file; check the file name, or use an absolute https:// URL.',
  },
  'image-unreadable': {
    title: 'An image file cannot be read',
    hint: 'The file is empty, truncated or corrupt (an interrupted copy or download?): export it again from the original, or replace it.',
  },
  'image-unsupported': {
    title: 'An image is in a format Broadsheet does not publish',
    hint: 'Use a JPEG, PNG, WebP, AVIF, TIFF or still GIF photo, or an SVG drawing. Convert HEIC (iPhone) pictures to JPEG; animations to a video.',
  },
  'image-too-large': {
    title: 'An image has more pixels than allowed',
    hint: 'Scale the picture down (4000 px on the longer side is plenty for the web), or raise `images.maxPixels` in broadsheet.config.ts if you trust the file.',
  },
  'svg-sanitized': {
    title: 'Parts of an SVG were removed before publishing',
    hint: 'Scripts, event handlers, foreignObject, links and references to other files are never published; the drawing itself is kept. Export the SVG without them to silence this.',
  },
  'markdown-warning': {
    title: 'Part of the story body was dropped',
    hint: 'Only allowlisted HTML is kept; embeds must come from a host listed in `markdown.embedHosts`.',
  },
  'layout-error': {
    title: 'A layout failed',
    hint: 'The layout threw an error while rendering; the message and the layout file are shown above.',
  },
  'layout-missing': {
    title: 'A layout file is missing',
    hint: 'Each page kind needs a layout module in the layouts folder (story.tsx, front.tsx, 404.tsx).',
  },
  'config-invalid': {
    title: 'The site configuration is invalid',
    hint: 'Fix the field named in the message in broadsheet.config.ts; `broadsheet build --help` lists the options.',
  },
  'output-unsafe': {
    title: 'The output folder cannot be used',
    hint: 'Choose an output folder that is not the project folder, the articles or layouts folder, or a folder of other files.',
  },
  'output-conflict': {
    title: 'Two outputs would be written to the same path',
    hint: 'An alias, a story URL, a listing page or a copied file collide; change the alias or slug, or rename the file.',
  },
  'search-index': {
    title: 'The search index reported a problem',
    hint: 'Pagefind could not index part of the site; the message above says which page.',
  },
  'search-off': {
    title: 'Search indexing is switched off',
    hint: 'Set `search: true` in broadsheet.config.ts to build the Pagefind index and the search page.',
  },
  'read-error': {
    title: 'A file could not be read',
    hint: 'Check that the file exists and is readable.',
  },
  // Problems `broadsheet check` finds in a built site (paths are output files).
  'broken-link': {
    title: 'A link or asset reference points to a file the site does not have',
    hint: 'Fix the URL in the article or layout that makes it, or add the file (files in public/ are copied as they are).',
  },
  'broken-anchor': {
    title: 'A link points to an anchor the target page does not have',
    hint: 'The part after `#` must be the id of an element on the target page; check its spelling, or link to the page itself.',
  },
  'outside-base-path': {
    title: 'A link leaves the path the site is published under',
    hint: 'Build with the URL the site will be served from (`url` in the config or `--base-url`), and make links in layouts with `site.path()`.',
  },
  'foreign-site-url': {
    title: 'An absolute URL points at another address of this site, such as localhost',
    hint: 'The site was built for a different address than it is checked for: set `url` in broadsheet.config.ts or pass the same `--base-url` to build and check.',
  },
  'unsafe-link': {
    title: 'A link uses a scheme that runs code',
    hint: '`javascript:` and `vbscript:` URLs are never written by Broadsheet; remove the layout or public file that contains it.',
  },
  'invalid-xml': {
    title: 'An XML file (feed or sitemap) does not parse',
    hint: 'Feed readers and search engines reject the whole file; a layout or public file probably wrote it by hand.',
  },
  'invalid-feed': {
    title: 'A feed lacks something feed readers need',
    hint: 'RSS needs a channel with title, link and items with links; Atom needs id, title and updated; JSON Feed needs version, title and items.',
  },
  'invalid-sitemap': {
    title: 'A sitemap breaks the sitemap protocol',
    hint: 'A sitemap is a <urlset> or <sitemapindex> of at most 50,000 absolute <loc> URLs on the site itself.',
  },
  'invalid-json': {
    title: 'A JSON file does not parse',
    hint: 'Programs reading stories.json, feed.json or redirects.json reject the whole file; check the file that wrote it.',
  },
  'missing-canonical': {
    title: 'A story page has no single absolute canonical link',
    hint: 'Story layouts must include the head from `storyHead()` (or one `<link rel="canonical">` with an absolute URL).',
  },
  'missing-structured-data': {
    title: 'A story page has no usable NewsArticle structured data',
    hint: 'Story layouts must include the JSON-LD from `storyHead()`: a NewsArticle with headline, datePublished and author.',
  },
  'empty-page': {
    title: 'A page is empty',
    hint: 'Every HTML page needs a <title> and some text in its body; check the layout that renders it.',
  },
  'dev-code': {
    title: 'Code of the dev server is in the output',
    hint: 'The live-reload client belongs only to `broadsheet dev`; build with `broadsheet build`, never copy pages saved from the dev server.',
  },
  'image-wrong-width': {
    title: 'An image file is not as wide as its srcset says',
    hint: 'The browser picks candidates by the width after each URL (`480w`): rebuild, or fix the srcset written by a layout or by hand.',
  },
  'image-wrong-aspect': {
    title: "An image's width and height attributes do not match the file",
    hint: 'The browser reserves space from `width` and `height`: with the wrong shape the layout jumps or the picture is distorted. Rebuild, or correct the attributes.',
  },
  'image-metadata': {
    title: 'A published image carries EXIF, XMP or IPTC metadata',
    hint: 'Camera metadata can reveal where and when a picture was taken (GPS) and who took it. Images Broadsheet makes carry none; strip it from files in public/.',
  },
  'csp-violation': {
    title: "A page needs something the site's Content-Security-Policy blocks",
    hint: 'Browsers will block it. Move inline scripts and styles into layouts/assets/, or allow the source in `headers.contentSecurityPolicy`.',
  },
  'invalid-headers': {
    title: 'The _headers file cannot be read',
    hint: 'Each rule is a path on its own line followed by indented `Name: value` lines.',
  },
  'manifest-mismatch': {
    title: 'The output manifest does not describe the files',
    hint: 'Files were changed, added or removed after the build; rebuild instead of editing the output by hand.',
  },
  'compressed-mismatch': {
    title: 'A precompressed copy does not match its file',
    hint: 'The .gz or .br file is stale; rebuild with `--compress` instead of editing the output by hand.',
  },
} as const satisfies Record<string, { title: string; hint: string }>;

export type ErrorId = keyof typeof catalogue;
