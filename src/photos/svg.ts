import type { Element, ElementContent, Root } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';

/**
 * An SVG served from the site's own origin runs its scripts there when opened directly:
 * stored XSS. So an SVG is published only as rebuilt from an allowlist: drawing elements
 * and their attributes, references only to fragments of the same file, CSS without
 * imports, escapes or external URLs. Everything else is dropped and named.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

const ELEMENTS = new Set(
  (
    'svg g defs symbol use title desc switch view style ' +
    'path rect circle ellipse line polyline polygon text tspan textPath ' +
    'linearGradient radialGradient stop clipPath mask pattern marker filter ' +
    'feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting ' +
    'feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR ' +
    'feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting ' +
    'feSpotLight feTile feTurbulence'
  ).split(' '),
);

const ATTRIBUTES = new Set(
  // Structure, text and accessibility.
  (
    'id class lang xml:lang xml:space style role aria-label aria-labelledby aria-describedby aria-hidden ' +
    'version baseProfile viewBox preserveAspectRatio transform href xlink:href systemLanguage ' +
    // Geometry.
    'width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength ' +
    'textLength lengthAdjust startOffset method spacing rotate dx dy ' +
    // Paint servers, clips, masks, markers.
    'offset gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits patternTransform ' +
    'clipPathUnits maskUnits maskContentUnits markerUnits markerWidth markerHeight refX refY orient ' +
    // Filters.
    'filterUnits primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 k4 values type ' +
    'tableValues slope intercept amplitude exponent scale xChannelSelector yChannelSelector radius ' +
    'baseFrequency numOctaves seed stitchTiles kernelMatrix order divisor bias targetX targetY edgeMode ' +
    'preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent kernelUnitLength ' +
    'azimuth elevation z pointsAtX pointsAtY pointsAtZ limitingConeAngle ' +
    // Presentation attributes.
    'fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin ' +
    'stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color display visibility clip-path ' +
    'clip-rule mask filter marker-start marker-mid marker-end font-family font-size font-weight ' +
    'font-style font-variant font-stretch text-anchor dominant-baseline alignment-baseline ' +
    'baseline-shift letter-spacing word-spacing text-decoration writing-mode direction unicode-bidi ' +
    'color-interpolation color-interpolation-filters shape-rendering text-rendering image-rendering ' +
    'vector-effect paint-order overflow mix-blend-mode isolation transform-origin flood-color ' +
    'flood-opacity lighting-color stop-color stop-opacity'
  ).split(' '),
);

/** Elements whose text is content; elsewhere only whitespace is kept. */
const TEXT_ELEMENTS = new Set(['text', 'tspan', 'textPath', 'title', 'desc', 'style']);
/** `<a>` becomes a `<g>` (its link dropped): its drawing stays. */
const UNWRAP = new Set(['a']);
/** Deeper nesting is dropped: no drawing needs it, and it would exhaust the stack. */
const MAX_DEPTH = 100;
/** Larger files are refused. */
export const MAX_SVG_BYTES = 5 * 1024 * 1024;

export interface SanitizedSvg {
  /** The rebuilt SVG, ready to publish. */
  readonly svg: string;
  /** What was dropped, e.g. `<script>`, `onload`, `href "https://…"`, for a warning. */
  readonly removed: readonly string[];
  /** Its intrinsic size, from width/height or the viewBox (300×150, the CSS default, without either). */
  readonly width: number;
  readonly height: number;
}

/** Control characters and whitespace browsers ignore inside a URL scheme ("java\tscript:"). */
const compact = (value: string) => value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();

/** Every url(…) in a value points at a fragment of this file. */
function urlsAreLocal(value: string): boolean {
  const pattern = /url\s*\(\s*(['"]?)\s*([^'")\s]*)/gi;
  for (const match of value.matchAll(pattern)) if (!match[2]!.startsWith('#')) return false;
  return true;
}

/** CSS (a `<style>` element or a `style` attribute) that can neither fetch nor run anything. */
function safeCss(css: string): boolean {
  const flat = compact(css);
  return (
    !css.includes('\\') &&
    !css.includes('<') &&
    !/@import|@font-face|expression\(|javascript:|vbscript:|-moz-binding|behavior:|image-set\(|src\(/.test(flat) &&
    urlsAreLocal(css)
  );
}

/** Why an attribute must go, or undefined when it may stay. */
function attributeProblem(element: string, name: string, value: string): string | undefined {
  if (name === 'xmlns') return value === SVG_NS ? undefined : `xmlns "${value}"`;
  if (name === 'xmlns:xlink') return value === XLINK_NS ? undefined : `xmlns:xlink "${value}"`;
  if (!ATTRIBUTES.has(name)) return name.toLowerCase().startsWith('on') ? `event handler ${name}` : name;
  if (name === 'href' || name === 'xlink:href')
    return value.trim().startsWith('#') ? undefined : `${name} "${value.slice(0, 60)}" on <${element}>`;
  if (name === 'style') return safeCss(value) ? undefined : `style "${value.slice(0, 60)}"`;
  const flat = compact(value);
  if (/(javascript|vbscript|data):/.test(flat)) return `${name} "${value.slice(0, 60)}"`;
  if (flat.includes('url(') && !urlsAreLocal(value)) return `${name} "${value.slice(0, 60)}"`;
  return undefined;
}

/** Rebuild an SVG from the allowlist; an error message when it is not an SVG document at all. */
export function sanitizeSvg(text: string): SanitizedSvg | { readonly error: string } {
  if (Buffer.byteLength(text) > MAX_SVG_BYTES)
    return { error: `the SVG is larger than ${MAX_SVG_BYTES / 1024 / 1024} MB` };
  let tree: Root;
  try {
    tree = fromXml(text);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    return { error: `the SVG is not well-formed XML (${cause.split('\n')[0]})` };
  }
  const roots = tree.children.filter((n): n is Element => n.type === 'element');
  const root = roots[0];
  if (roots.length !== 1 || root?.name !== 'svg') return { error: 'the file is not an SVG document' };

  const removed = new Set<string>();
  const clean = (node: Element, depth: number): Element | undefined => {
    let name = node.name;
    if (UNWRAP.has(name)) {
      removed.add(`<${name}> link`);
      name = 'g';
    } else if (!ELEMENTS.has(name)) {
      removed.add(`<${name}>`);
      return undefined;
    }
    if (depth > MAX_DEPTH) {
      removed.add(`elements nested over ${MAX_DEPTH} deep`);
      return undefined;
    }
    const attributes: Record<string, string> = {};
    for (const [key, raw] of Object.entries(node.attributes)) {
      if (raw === null || raw === undefined) continue;
      const value = String(raw);
      const problem = attributeProblem(name, key, value);
      if (problem) removed.add(problem);
      else attributes[key] = value;
    }
    // A <use> or <textPath> of another file is dropped whole: without its href it means nothing.
    if ((name === 'use' || name === 'textPath') && !('href' in attributes) && !('xlink:href' in attributes))
      return undefined;
    const children: ElementContent[] = [];
    for (const child of node.children) {
      if (child.type === 'element') {
        const kept = clean(child, depth + 1);
        if (kept) children.push(kept);
      } else if (child.type === 'text' || (child.type === 'cdata' && name === 'style')) {
        if (TEXT_ELEMENTS.has(name) || child.value.trim() === '') children.push({ type: 'text', value: child.value });
        else removed.add('text outside <text>');
      } else if (child.type === 'comment') {
        // Comments are dropped without mention: editors write them everywhere.
      } else removed.add(child.type === 'instruction' ? `<?${child.name}?>` : child.type);
    }
    if (name === 'style') {
      const css = children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      if (!safeCss(css)) {
        removed.add('<style> with imports, escapes or external URLs');
        return undefined;
      }
    }
    return { type: 'element', name, attributes, children };
  };

  const svg = clean(root, 0)!;
  svg.attributes.xmlns = SVG_NS;
  for (const node of tree.children)
    if (node.type === 'instruction' && node.name !== 'xml') removed.add(`<?${node.name}?>`);
  return { svg: toXml({ type: 'root', children: [svg] }), removed: [...removed], ...intrinsicSize(svg) };
}

/** width/height in px (or unitless), else the viewBox's, else the CSS default for replaced elements. */
function intrinsicSize(svg: Element): { width: number; height: number } {
  const px = (value: unknown) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/.exec(String(value ?? ''));
    return match ? Number(match[1]) : undefined;
  };
  const box = String(svg.attributes.viewBox ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const [, , vw, vh] = box.length === 4 && box.every(Number.isFinite) ? box : [];
  let width = px(svg.attributes.width);
  let height = px(svg.attributes.height);
  if (width === undefined && height === undefined && vw && vh) [width, height] = [vw, vh];
  else if (width !== undefined && height === undefined) height = vw && vh ? (width * vh) / vw : 150;
  else if (height !== undefined && width === undefined) width = vw && vh ? (height * vw) / vh : 300;
  return { width: Math.max(1, Math.round(width ?? 300)), height: Math.max(1, Math.round(height ?? 150)) };
}
