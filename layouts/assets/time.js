// Recent times read as "2 hours ago". The page says the absolute time (in the site's
// zone, in <time datetime>); this only rewords times of the last day where the browser
// runs scripts, keeps the absolute text as the element's tooltip, and rewords again
// every minute. Older or future times are left as written.
(() => {
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;
  const formats = new Map();
  const format = (lang) => {
    if (!formats.has(lang)) {
      let rtf;
      try {
        rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
      } catch {
        rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
      }
      formats.set(lang, rtf);
    }
    return formats.get(lang);
  };
  const reword = () => {
    const now = Date.now();
    for (const time of document.querySelectorAll('time[data-relative]')) {
      const at = Date.parse(time.dateTime);
      if (Number.isNaN(at)) continue;
      if (time.dataset.absolute === undefined) time.dataset.absolute = time.textContent;
      const age = now - at;
      if (age < 0 || age >= DAY) {
        time.textContent = time.dataset.absolute;
        time.removeAttribute('title');
        continue;
      }
      const rtf = format(time.closest('[lang]')?.lang || 'en');
      time.textContent =
        age < MINUTE
          ? rtf.format(0, 'second')
          : age < HOUR
            ? rtf.format(-Math.floor(age / MINUTE), 'minute')
            : rtf.format(-Math.floor(age / HOUR), 'hour');
      time.title = time.dataset.absolute;
    }
  };
  reword();
  setInterval(reword, MINUTE);
})();
