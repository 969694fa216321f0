// Starts Pagefind's search UI on the search page. Results show the story's dek (standfirst)
// when it has one, in place of the excerpt, and its lead picture. A search in the address
// (/search/?q=river) runs at once, so that a search can be linked to.
/* global PagefindUI */
(() => {
  const element = document.getElementById('search');
  if (!element || typeof PagefindUI === 'undefined') return;
  const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const ui = new PagefindUI({
    element: '#search',
    bundlePath: element.dataset.bundle,
    // Result URLs are indexed relative to the site; this is the path the site is served under.
    baseUrl: element.dataset.base,
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
