/**
 * The live-reload client, served to the browser by the dev server only (it is injected
 * into pages as they are served, never written to the output). It listens for rebuilds
 * over Server-Sent Events: reloads the page (only if it changed, when the rebuild says
 * which pages did), swaps stylesheets in place when only CSS
 * changed, and shows an overlay naming the file while the site has errors.
 */
export const CLIENT_SOURCE = String.raw`(() => {
  const base = document.currentScript ? new URL('.', document.currentScript.src).pathname : '/__broadsheet/';
  const events = new EventSource(base + 'events');
  let overlay;
  const hide = () => { if (overlay) { overlay.remove(); overlay = undefined; } };
  const show = (problems) => {
    hide();
    overlay = document.createElement('div');
    overlay.id = 'broadsheet-error-overlay';
    overlay.setAttribute('role', 'alertdialog');
    overlay.setAttribute('aria-label', 'Build errors');
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:24px';
    const title = document.createElement('h2');
    title.textContent = 'Broadsheet: the site has ' + problems.length + ' error' + (problems.length === 1 ? '' : 's');
    title.style.cssText = 'margin:0 0 16px;font:700 18px system-ui,sans-serif;color:#ff8a80';
    overlay.append(title);
    for (const p of problems) {
      const block = document.createElement('section');
      block.style.cssText = 'margin:0 0 20px;padding:12px 16px;border-left:4px solid #ff8a80;background:#2a2a2a';
      const where = document.createElement('p');
      where.className = 'broadsheet-error-file';
      where.style.cssText = 'margin:0;font-weight:700;color:#ffd180';
      where.textContent = p.file + ':' + p.line + ':' + p.column;
      const what = document.createElement('p');
      what.style.margin = '4px 0';
      what.textContent = p.reason + ' [' + p.rule + ']';
      block.append(where, what);
      if (p.frame) { const pre = document.createElement('pre'); pre.style.cssText = 'margin:8px 0;color:#bbb;white-space:pre-wrap'; pre.textContent = p.frame; block.append(pre); }
      const hint = document.createElement('p');
      hint.style.cssText = 'margin:4px 0 0;color:#b9f6ca';
      hint.textContent = 'hint: ' + p.hint;
      block.append(hint);
      overlay.append(block);
    }
    const note = document.createElement('p');
    note.style.cssText = 'color:#aaa;font-family:system-ui,sans-serif';
    note.textContent = 'Fix the file and save: this page updates by itself.';
    overlay.append(note);
    document.body.append(overlay);
  };
  events.addEventListener('problems', (e) => show(JSON.parse(e.data)));
  events.addEventListener('reload', (e) => {
    const change = JSON.parse(e.data);
    if (change.stylesheets && !overlay) {
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        for (const [name, url] of Object.entries(change.stylesheets)) {
          const stem = name.replace(/\.css$/, '');
          const file = link.getAttribute('href').split('/').pop();
          if (file.startsWith(stem + '.') && file.endsWith('.css')) link.setAttribute('href', url);
        }
      }
      return;
    }
    // A quick rebuild names the pages it changed: others need no reload.
    const here = location.pathname.replace(/index\.html$/, '');
    if (change.pages && !overlay && !change.pages.includes(here)) return;
    location.reload();
  });
  events.addEventListener('ok', () => { if (overlay) location.reload(); });
})();
`;
