import type { Element, Root } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { describe, expect, it } from 'vitest';
import { sanitizeSvg, type SanitizedSvg } from '../src/photos/svg.ts';

const SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';

/** Hostile SVGs in the manner of the OWASP XSS filter evasion cheat sheet and SVG-specific vectors. */
const HOSTILE: Record<string, string> = {
  script: `<svg ${SVG}><script>alert(1)</script><rect width="5" height="5"/></svg>`,
  'script in CDATA': `<svg ${SVG}><script><![CDATA[alert(1)]]></script></svg>`,
  'namespaced script': `<svg ${SVG} xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></svg>`,
  'onload on the root': `<svg ${SVG} onload="alert(1)"><rect width="5" height="5"/></svg>`,
  'event handler in odd case': `<svg ${SVG}><rect width="5" height="5" OnMouseOver="alert(1)"/></svg>`,
  'javascript link': `<svg ${SVG}><a xlink:href="javascript:alert(1)"><rect width="5" height="5"/></a></svg>`,
  'javascript link with a tab': `<svg ${SVG}><a href="java&#x09;script:alert(1)"><text>x</text></a></svg>`,
  'foreignObject with HTML': `<svg ${SVG}><foreignObject width="100" height="100"><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></foreignObject></svg>`,
  'external use': `<svg ${SVG}><use href="https://evil.example/sprite.svg#x"/></svg>`,
  'external use with xlink': `<svg ${SVG}><use xlink:href="//evil.example/sprite.svg#x"/></svg>`,
  'data: use': `<svg ${SVG}><use href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"/></svg>`,
  'external image': `<svg ${SVG}><image href="https://evil.example/track.png" width="1" height="1"/></svg>`,
  feImage: `<svg ${SVG}><filter id="f"><feImage href="https://evil.example/x.png"/></filter></svg>`,
  'animate to javascript': `<svg ${SVG}><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>`,
  'set to javascript': `<svg ${SVG}><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>`,
  'style import': `<svg ${SVG}><style>@import url(https://evil.example/x.css);</style></svg>`,
  'style external url': `<svg ${SVG}><style>rect { fill: url(https://evil.example/x.svg#g) }</style></svg>`,
  'style escapes': `<svg ${SVG}><style>rect { background: \\75 rl(https://evil.example/) }</style></svg>`,
  'style attribute url': `<svg ${SVG}><rect width="5" height="5" style="fill: url('https://evil.example/a#b')"/></svg>`,
  'style attribute expression': `<svg ${SVG}><rect width="5" height="5" style="width: expression(alert(1))"/></svg>`,
  'fill external url': `<svg ${SVG}><rect width="5" height="5" fill="url(https://evil.example/p.svg#p)"/></svg>`,
  'filter external url': `<svg ${SVG}><rect width="5" height="5" filter="url( 'http://evil.example/f.svg#f' )"/></svg>`,
  'stylesheet instruction': `<?xml-stylesheet href="https://evil.example/x.css"?><svg ${SVG}><rect width="5" height="5"/></svg>`,
  'iframe and embed': `<svg ${SVG}><iframe src="https://evil.example"/><embed src="x.swf"/><object data="x"/></svg>`,
  'handler and listener': `<svg ${SVG}><handler type="text/ecmascript">alert(1)</handler><listener event="click" handler="#h"/></svg>`,
  'font-face uri': `<svg ${SVG}><font-face><font-face-src><font-face-uri href="https://evil.example/f.svg"/></font-face-src></font-face></svg>`,
  'xmlns rebinding': `<svg ${SVG}><rect xmlns="http://www.w3.org/1999/xhtml" width="5" height="5"/></svg>`,
  'base and xml:base': `<svg ${SVG} xml:base="https://evil.example/"><use href="#a"/></svg>`,
  'text outside text': `<svg ${SVG}>&lt;script&gt;alert(1)&lt;/script&gt;</svg>`,
  'deep nesting': `<svg ${SVG}>${'<g>'.repeat(150)}<rect width="1" height="1"/>${'</g>'.repeat(150)}</svg>`,
};

const ALLOWED_URL = /url\s*\(\s*['"]?\s*#/i;

/** Every node of the published SVG, walked. */
function* elements(node: Root | Element): Generator<Element> {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    yield child;
    yield* elements(child);
  }
}

/** What a browser could run or fetch from the published SVG: nothing, or the reasons. */
function dangers(svg: string): string[] {
  const tree = fromXml(svg);
  const out: string[] = [];
  for (const node of tree.children)
    if (node.type !== 'element' && node.type !== 'text') out.push(`top-level ${node.type}`);
  for (const el of elements(tree)) {
    if (/script|foreignObject|iframe|embed|object|animate|set|handler|listener|image|font-face/i.test(el.name))
      out.push(`<${el.name}>`);
    for (const [name, raw] of Object.entries(el.attributes)) {
      const value = String(raw ?? '');
      const flat = value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (/^on/i.test(name)) out.push(`${name} on <${el.name}>`);
      if (/href$/i.test(name) && !value.trim().startsWith('#')) out.push(`${name}=${value}`);
      if (/(javascript|vbscript|data):/.test(flat)) out.push(`${name}=${value}`);
      if (/url\(/i.test(value) && !ALLOWED_URL.test(value)) out.push(`${name}=${value}`);
      if (name === 'xmlns' && value !== 'http://www.w3.org/2000/svg') out.push(`xmlns=${value}`);
      if (name === 'xml:base') out.push('xml:base');
    }
    if (el.name === 'style') {
      const css = el.children.map((c) => ('value' in c ? c.value : '')).join('');
      if (/@import|\\|url\(\s*['"]?\s*[^#'"\s]/i.test(css)) out.push(`<style>${css}</style>`);
    }
  }
  return out;
}

describe('SVG sanitizing', () => {
  it.each(Object.entries(HOSTILE))('%s: published without anything that runs or fetches', (_name, input) => {
    const result = sanitizeSvg(input);
    if ('error' in result) return; // Refused outright: nothing is published.
    expect(dangers(result.svg)).toEqual([]);
    expect(result.removed.length).toBeGreaterThan(0);
    // The result is still an SVG document.
    const root = fromXml(result.svg).children[0] as Element;
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
  });

  it('should refuse documents that are not SVG or not XML, and entity expansion', () => {
    expect(sanitizeSvg('<html><body/></html>')).toHaveProperty('error');
    expect(sanitizeSvg('<svg><rect></svg>')).toHaveProperty('error');
    expect(sanitizeSvg('not xml at all')).toHaveProperty('error');
    const laughs = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg ${SVG}>&b;</svg>`;
    const result = sanitizeSvg(laughs);
    if (!('error' in result)) expect(result.svg).not.toContain('lol');
  });

  it('should keep a drawing whole: shapes, gradients, local references, text and safe CSS', () => {
    const input =
      `<svg ${SVG} viewBox="0 0 200 100" width="400">` +
      '<title>Chart</title>' +
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></linearGradient>' +
      '<symbol id="dot"><circle r="4" cx="4" cy="4"/></symbol><filter id="blur"><feGaussianBlur stdDeviation="2"/></filter></defs>' +
      '<style>.bar { fill: url(#g); } text { font: 12px sans-serif; }</style>' +
      '<rect class="bar" x="10" y="10" width="50" height="80" filter="url(#blur)" style="stroke: #333; stroke-width: 2"/>' +
      '<use href="#dot" x="100" y="50"/><use xlink:href="#dot" x="120" y="50"/>' +
      '<text x="10" y="98" text-anchor="start">Sales <tspan font-weight="bold">2026</tspan></text>' +
      '</svg>';
    const result = sanitizeSvg(input) as SanitizedSvg;
    expect(result.removed).toEqual([]);
    expect([result.width, result.height]).toEqual([400, 200]);
    const names = [...elements(fromXml(result.svg))].map((e) => e.name);
    expect(names).toEqual([
      'svg',
      'title',
      'defs',
      'linearGradient',
      'stop',
      'stop',
      'symbol',
      'circle',
      'filter',
      'feGaussianBlur',
      'style',
      'rect',
      'use',
      'use',
      'text',
      'tspan',
    ]);
    expect(result.svg).toContain('url(#g)');
    expect(result.svg).toContain('xlink:href="#dot"');
  });

  it('should keep the drawing inside a link, without the link', () => {
    const result = sanitizeSvg(
      `<svg ${SVG}><a href="https://example.org/"><rect width="5" height="5"/></a></svg>`,
    ) as SanitizedSvg;
    const names = [...elements(fromXml(result.svg))].map((e) => e.name);
    expect(names).toEqual(['svg', 'g', 'rect']);
    expect(result.svg).not.toContain('example.org');
  });

  it('should read the size from width and height, or the viewBox', () => {
    const size = (attrs: string) => {
      const r = sanitizeSvg(`<svg ${SVG} ${attrs}/>`) as SanitizedSvg;
      return [r.width, r.height];
    };
    expect(size('width="120" height="80"')).toEqual([120, 80]);
    expect(size('viewBox="0 0 64 32"')).toEqual([64, 32]);
    expect(size('width="100%" viewBox="0 0 64 32"')).toEqual([64, 32]);
    expect(size('')).toEqual([300, 150]);
  });
});
