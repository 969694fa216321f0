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
  // Pagefind's UI says what it found only on screen, and labels its box with a title alone:
  // the count goes to a status region, and the box gets a name of its own.
  // The box is there as soon as the UI is made, before anything changes under it.
  const status = document.getElementById('search-status');
  const follow = () => {
    const input = element.querySelector('input[type="text"], input[type="search"]');
    if (input && !input.hasAttribute('aria-label')) input.setAttribute('aria-label', 'Search stories');
    const message = element.querySelector('.pagefind-ui__message');
    const said = message ? message.textContent.trim() : '';
    if (status && status.textContent !== said) status.textContent = said;
  };
  follow();
  new MutationObserver(follow).observe(element, { childList: true, subtree: true, characterData: true });
  const query = new URLSearchParams(window.location.search).get('q');
  if (query && query.trim()) ui.triggerSearch(query.trim());
})();
