/**
 * The error catalogue: every problem Broadsheet reports has a permanent id, a title
 * (what happened) and a hint (what to do). Ids never change meaning, so they can be
 * searched for and documented; docs/errors.md documents every id, and
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
    hint: 'docs/article-format.md gives the shape of each field.',
  },
  'invalid-date': {
    title: 'A date cannot be read',
    hint: 'Write dates in ISO 8601, e.g. `2021-05-05T12:20:00Z` or `2021-05-05 15:20` (read in the site time zone).',
  },
  'updated-future': {
    title: "A story's update is dated later than the build",
    hint: 'Check the year and month of `updated`: it says when the story was last changed. To publish a story later, set its `date` to that moment instead.',
  },
  'date-order': {
    title: "A date is before the story's own",
    hint: "Check the year and month: `updated` and each correction's `date` come after the story's `date`. An earlier `updated` is not shown; a correction is shown as dated.",
  },
  'template-text': {
    title: 'A story still has the placeholder text of `broadsheet new`',
    hint: 'Write the story in its place, or add `draft: true` until it is ready: builds leave drafts out.',
  },
  'hold-not-read': {
    title: 'A field meant to hold a story back is not one Broadsheet reads',
    hint: 'A story is held back by `draft: true`, or by a `date:` in the future: an embargo, published by the first build after that moment. Write one of those in place of the field.',
  },
  'unknown-field': {
    title: 'Unknown front-matter field',
    hint: 'The value is kept in `story.data` for layouts; check the spelling if you meant a built-in field, or list a field the site uses on purpose in `customFields` in the config.',
  },
  'unsafe-url': {
    title: 'A URL uses a scheme that is not allowed',
    hint: 'Use an `https://` or `http://` URL, or a path relative to the site.',
  },
  'unsafe-path': {
    title: 'A path would leave the output folder',
    hint: 'Slugs and aliases are site paths: use letters, digits, `-`, `_` and `/` only, without `..`, a scheme or a host.',
  },
  'slug-normalised': {
    title: 'A slug was made into a URL segment',
    hint: 'The story is published at the slug shown (lower-case letters, digits and `-`, no `-` at either end); write that in `slug:` to make it explicit.',
  },
  'list-in-one-string': {
    title: 'A list was written as one piece of text',
    hint: 'Write a YAML list to say which you mean: `tags: [a, b, c]`; a single name that contains a comma is `authors: ["Smith, Jane"]`.',
  },
  'yes-no-value': {
    title: 'A yes/no word was read as true or false',
    hint: 'Front matter is YAML 1.2, where only `true` and `false` are booleans (`yes`, `no`, `on` and `off` are text): write `draft: true` or `draft: false`.',
  },
  'missing-alt': {
    title: 'An image has no alt text',
    hint: 'Say what the picture shows: `alt:` under `image:` or a gallery item, `![what it shows](src)` in the body (`alt=""` in raw HTML marks a picture decorative on purpose). An archive that cannot yet can set `altText: "warn"` in the config: such images are then published as decorative (`alt=""`) and `broadsheet check` lists every one.',
  },
  'image-http': {
    title: 'A picture has an http address',
    hint: "Write the picture's https address, or put the picture in the articles folder; one its host does not serve over https shows as broken.",
  },
  'nesting-too-deep': {
    title: 'The text is nested too deeply',
    hint: 'Lists, block quotes, HTML elements or front-matter values inside each other this deep are usually a conversion accident; flatten them. The story is not published until then.',
  },
  'unknown-section': {
    title: 'The section is not one of the configured sections',
    hint: 'Add the section to `sections` in broadsheet.config.ts, or use one that exists.',
  },
  'duplicate-url': {
    title: 'Two articles would be written to the same URL',
    hint: 'Give one of them a different `slug:` (or change the permalink pattern in broadsheet.config.ts).',
  },
  'story-held': {
    title: 'A story with errors was held back',
    hint: 'With --hold-invalid the other stories were published; fix the problems listed with it (also in .broadsheet/held.json) and build again.',
  },
  'retired-url-served': {
    title: 'A retired URL is still served by its story',
    hint: 'Delete or unpublish the story to finish taking it down; to publish it at that URL again, delete the retired line from the ledger.',
  },
  'url-broken': {
    title: 'A published URL would break',
    hint: 'Keep the story (with a date already past), give the story that replaces it `aliases: [URL]`, or retire the URL on purpose: `broadsheet retire URL --reason TEXT` (docs/urls.md). A URL that never went live (a story deleted before the site was deployed) is not a promise: delete its line from the ledger.',
  },
  'url-kept': {
    title: 'The story keeps the URL it was published at',
    hint: 'Its headline or date (or section, when the permalink has one) changed, and with it the URL made from them; published URLs do not move. To move the story, give it `slug:`: the old URL then redirects.',
  },
  'ledger-invalid': {
    title: 'A line of the URL ledger cannot be read',
    hint: 'Each line is `URL<tab>story<tab>FILE`, `URL<tab>alias<tab>FILE`, `URL<tab>retired<tab>DATE<tab>REASON`, `URL<tab>listing<tab>PAGES` or `URL<tab>file<tab>SHA256`; restore the line from version control.',
  },
  'slug-collision': {
    title: 'Two tag or author names make the same URL slug',
    hint: 'Spellings that differ only in case or spaces are one name, listed under the commoner one: write it one way. Different names both get pages; the one with the older oldest story keeps the slug and the other gets a numbered slug. Merge the names if they mean the same thing.',
  },
  'section-names-merged': {
    title: 'Two section names make the same URL segment',
    hint: 'Their stories share one section page, named as most of them spell it. Use one spelling, or list the sections in `sections` in the config.',
  },
  'authors-file': {
    title: 'The authors file is invalid',
    hint: 'authors.yaml maps author names to {bio, photo, url, links: [{label, url}]}; see docs/configuration.md.',
  },
  'duplicate-slug': {
    title: 'Two stories have the same title on the same day',
    hint: 'The later one gets a numbered URL, which would change if the earlier one were deleted: give it a `slug:` of its own.',
  },
  'pin-ignored': {
    title: 'A front-page pin or breaking-news banner has no effect',
    hint: "Only the newest story pinned as lead leads (older ones join the top stories), only the newest breaking story gets the banner, and an `until` before the story's date never shows: remove or correct the older pin.",
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
    hint: 'Use a JPEG, PNG, WebP, AVIF, TIFF or GIF picture (animated GIF and WebP too), or an SVG drawing. Convert HEIC (iPhone) pictures to JPEG, and a document of several pages to one picture a page.',
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
    hint: 'Only allowlisted HTML is kept: scripts, style sheets and event handlers never are, and embeds must be iframes from a host listed in `markdown.embedHosts`.',
  },
  'layout-error': {
    title: 'A layout failed',
    hint: 'The layout threw an error while rendering; the message and the layout file are shown above.',
  },
  'layout-missing': {
    title: 'A layout file is missing',
    hint: "Broadsheet's own layouts are missing from its package: install Broadsheet again, or give the site a layout module of that name in its layouts folder.",
  },
  'article-misnamed': {
    title: 'A file begins like an article but is not named .md',
    hint: 'Rename it with .md at the end to publish it as a story, or delete it if it is a copy.',
  },
  'file-withheld': {
    title: 'A file in the articles folder is not published',
    hint: 'Rename a picture with the extension of its format (.jpg, .png…); move a file of another kind the site needs to public/; rename a file without tabs, line breaks, backslashes or direction marks.',
  },
  'articles-missing': {
    title: 'The articles folder does not exist',
    hint: 'Run the command in the project folder, or give the folder of Markdown articles with `--articles DIR` (or `articles:` in the config).',
  },
  'config-invalid': {
    title: 'The site configuration is invalid',
    hint: 'Fix the field named in the message; docs/configuration.md lists every option with its default.',
  },
  'output-unsafe': {
    title: 'The output folder cannot be used',
    hint: "Choose an output folder that is not the project folder, the articles or layouts folder, a shard's folder (for merge), or a folder of other files.",
  },
  'output-conflict': {
    title: 'Two outputs would be written to the same path',
    hint: "An alias, a story URL, a listing page or a copied file collide; change the alias or slug, or rename the file. With search on, pagefind/ is the search index's alone: move files out of public/pagefind/ and pages (slugs, aliases) away from /pagefind/.",
  },
  'logo-unreadable': {
    title: "The logo could not be read; the icons show the site's initial",
    hint: 'Point `publisher.logo` at an SVG, PNG, JPEG or WebP file in public/ (e.g. "/logo.svg"); a square logo makes the clearest favicon.',
  },
  'search-index': {
    title: 'The search index reported a problem',
    hint: 'Pagefind could not index part of the site; the message above says which page.',
  },
  'search-off': {
    title: 'Search indexing is switched off',
    hint: 'Set `search: true` in broadsheet.config.ts to build the Pagefind index and the search page.',
  },
  'shard-invalid': {
    title: 'A folder given to merge is not the output of a shard',
    hint: 'Give `broadsheet merge` the output folders of `broadsheet build --shard I/N`, each with its .broadsheet/shard.json.',
  },
  'shard-mismatch': {
    title: 'The shards were not built from the same inputs and settings',
    hint: 'Build every shard from the same commit, with the same config, options and --now, then merge again; merge reads the config the shards were built with.',
  },
  'shard-missing': {
    title: 'A shard is missing',
    hint: 'Give `broadsheet merge` the output folder of every shard, from 1 to N (a failed or unfinished shard job leaves one out).',
  },
  'shard-duplicate': {
    title: 'Two folders hold the same shard',
    hint: "Give each shard's folder once; two folders with the same number come from two builds of one shard.",
  },
  'shard-overlap': {
    title: 'Two shards wrote the same file with different bytes',
    hint: 'The shards disagree about a file both wrote, which builds of the same inputs never do: build the shards again from one commit.',
  },
  'part-invalid': {
    title: 'A folder given to --loaded is not a loaded part',
    hint: 'Give `broadsheet build --loaded` the folders `broadsheet load --part I/N --into DIR` wrote (each with its part.json), or a folder holding them.',
  },
  'part-mismatch': {
    title: 'A loaded part was made by another Broadsheet or with other settings',
    hint: 'Load every part from the same commit with the same config and --base-url as the build, then build again.',
  },
  'part-incomplete': {
    title: 'Not every part of the articles was given',
    hint: 'Give the build every part from 1 to N (a failed or unfinished load job leaves one out); meanwhile the build loads their articles itself.',
  },
  'read-error': {
    title: 'A file could not be read',
    hint: 'Check that the file exists and is readable.',
  },
  // Problems `broadsheet import` finds in another generator's site (paths are its files).
  'import-unconverted': {
    title: 'A shortcode, include or template tag could not be converted',
    hint: 'It was kept in the article as written, so nothing is lost: replace it by hand with Markdown or HTML (an image, a link, an embed), or delete it.',
  },
  'import-link': {
    title: 'A link to another page could not be pointed at a Broadsheet story',
    hint: 'The target is not among the imported posts: check the link, import the page too, or point it at a page the new site has.',
  },
  'import-missing-file': {
    title: 'A file the post refers to was not found in the old site',
    hint: 'The reference was kept as written: copy the file beside the article and fix the path, or remove the reference; a picture that stays missing is a missing-image error when the site is built.',
  },
  'import-image-alt': {
    title: 'An image has no alt text',
    hint: 'Broadsheet needs `alt` on every lead image (the post title stands in for it) and publishes a picture in the body without one as decorative: describe what the picture shows, in `image.alt` or the figure.',
  },
  'import-expiry': {
    title: 'Broadsheet does not expire stories',
    hint: 'The expiry date is kept as `expires` for reference; the story stays published until you unpublish it (`draft: true`) or delete it.',
  },
  'import-field': {
    title: 'A front-matter field was kept under another name or in part',
    hint: 'Its value would not fit the Broadsheet field of the same name, so it is kept in `story.data` under the name given; map it by hand if it matters.',
  },
  'import-skipped': {
    title: 'A file was not imported',
    hint: 'The message says why (a translation, a template that is not Markdown, a page the old site never published); convert it by hand if it is a post.',
  },
  'import-date-guessed': {
    title: 'The post has no date; the file time was used',
    hint: 'File times change when files are copied or checked out: give the article the `date:` it was published on.',
  },
  'import-url': {
    title: 'The address the old site published the post at could not be worked out',
    hint: 'No redirect from the old URL was recorded: add the old path to `aliases:` by hand so links to it keep working.',
  },
  'import-nothing': {
    title: 'No post was found to import',
    hint: 'The message lists what the old site has: give `--section` (Hugo) or `--collection` (Eleventy) with one of them.',
  },
  'import-exists': {
    title: 'The output file already exists',
    hint: 'Nothing was written for this post. Import into an empty folder, remove the file, or pass `--force` to overwrite it.',
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
  'promise-broken': {
    title: 'A URL the site has published does not answer',
    hint: 'The URL ledger lists it, and the built site has no page, redirect or "removed" page at it: build the site again, or see `url-broken` in docs/errors.md.',
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
  'preview-output': {
    title: 'The output is a preview that shows drafts or embargoed stories',
    hint: '`broadsheet dev` wrote it. Run `broadsheet build` before publishing: it leaves drafts and embargoed stories out and removes their pages.',
  },
  'compressed-mismatch': {
    title: 'A precompressed copy does not match its file',
    hint: 'The .gz or .br file is stale; rebuild with `--compress` instead of editing the output by hand.',
  },
} as const satisfies Record<string, { title: string; hint: string }>;

export type ErrorId = keyof typeof catalogue;
