// Starts Pagefind's search UI on the search page. The index comes in volumes, one Pagefind
// bundle a year (or a month, or a day, in a large year), newest first: the UI runs on the
// first and merges the others. Results show the story's dek (standfirst) when it has one,
// in place of the excerpt, and its lead picture. A search in the address
// (/search/?q=river) runs at once, so that a search can be linked to.
/* global PagefindUI */
(() => {
  const element = document.getElementById('search');
  if (!element || typeof PagefindUI === 'undefined') return;
  const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const [newest, ...older] = JSON.parse(element.dataset.bundles || '[]');
  if (!newest) return;
  const ui = new PagefindUI({
    element: '#search',
    bundlePath: newest,
    // Result URLs are indexed relative to the site; this is the path the site is served under.
    baseUrl: element.dataset.base,
    mergeIndex: older.map((bundlePath) => ({ bundlePath, baseUrl: element.dataset.base })),
    showImages: true,
    showSubResults: false,
    processResult: (result) => {
      if (result.meta && result.meta.dek) {
        result.excerpt = escape(result.meta.dek);
        // Pagefind lists every other metadata field under the excerpt: the dek would show twice.
        delete result.meta.dek;
      }
      return result;
    },
  });
  const query = new URLSearchParams(window.location.search).get('q');
  if (query && query.trim()) ui.triggerSearch(query.trim());
})();
