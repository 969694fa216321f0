import { stringify as commas } from 'comma-separated-tokens';
import type { Element, Nodes, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { htmlVoidElements } from 'html-void-elements';
import { find, html, type Info } from 'property-information';
import { stringify as spaces } from 'space-separated-tokens';

/**
 * `toHtml(tree, { allowDangerousHtml })` from hast-util-to-html with its default settings,
 * the same string, about seven times faster. Serializing was half of rendering a page:
 * hast-util-to-html copies its settings and looks each attribute up in
 * property-information at every node. This walks the tree once, keeps each attribute's
 * lookup, and escapes a text only when it has something to escape.
 *
 * It covers what pages and story bodies are made of (elements, text, raw, doctype, root).
 * Anything else (SVG and its own rules, `<template>` content, comments, unknown nodes) is
 * handed to hast-util-to-html itself. test/hast-to-html.test.ts holds the two to the same
 * output on every page of the sample site, on story bodies, and on generated trees full of
 * characters to escape.
 */
export function hastToHtml(tree: Nodes, options: { allowDangerousHtml?: boolean } = {}): string {
  const dangerous = options.allowDangerousHtml === true;
  let out = '';
  const one = (node: Nodes, parent: Element | Root | undefined): void => {
    switch (node.type) {
      case 'element': {
        const tag = node.tagName;
        if (tag === 'svg' || tag === 'template') {
          out += library({ type: 'root', children: [node] }, dangerous);
          return;
        }
        out += '<' + tag + attributes(node.properties) + '>';
        const start = out.length;
        for (const child of node.children ?? []) one(child, node);
        // A void element with content is closed, as hast-util-to-html does.
        if (!VOIDS.has(tag.toLowerCase()) || out.length !== start) out += '</' + tag + '>';
        return;
      }
      case 'raw':
      case 'text':
        // Raw HTML is text unless allowed; neither is escaped inside a script or style element.
        out +=
          (dangerous && node.type === 'raw') ||
          (parent?.type === 'element' && (parent.tagName === 'script' || parent.tagName === 'style'))
            ? node.value
            : escapeText(node.value);
        return;
      case 'root':
        for (const child of node.children ?? []) one(child, node);
        return;
      case 'doctype':
        out += '<!doctype html>';
        return;
      default:
        out += library(node, dangerous);
    }
  };
  one(tree, undefined);
  return out;
}

const library = (node: Nodes, dangerous: boolean): string => toHtml(node, { allowDangerousHtml: dangerous });

const VOIDS = new Set(htmlVoidElements);

/** Characters escaped as hexadecimal references, as stringify-entities writes them. */
const reference = (c: string): string => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
const TEXT_UNSAFE = /[<&]/g;
/** In a double-quoted value: hast-util-to-html's set without parse errors or dangerous characters. */
const VALUE_UNSAFE = /[\0"&'`]/g;
const VALUE_TEST = /[\0"&'`]/;
const NAME_UNSAFE = /[\0\t\n\f\r "&'/<=>`]/g;
const NAME_TEST = /[\0\t\n\f\r "&'/<=>`]/;

const escapeText = (value: string): string =>
  value.indexOf('<') === -1 && value.indexOf('&') === -1 ? value : value.replace(TEXT_UNSAFE, reference);
const escapeValue = (value: string): string =>
  VALUE_TEST.test(value) ? value.replace(VALUE_UNSAFE, reference) : value;

/** Each property's schema entry and escaped attribute name, looked up once per thread. */
const known = new Map<string, { readonly info: Info; readonly name: string }>();
function attribute(key: string): { readonly info: Info; readonly name: string } {
  let entry = known.get(key);
  if (entry === undefined) {
    const info = find(html, key);
    entry = {
      info,
      name: NAME_TEST.test(info.attribute) ? info.attribute.replace(NAME_UNSAFE, reference) : info.attribute,
    };
    known.set(key, entry);
  }
  return entry;
}

function attributes(properties: Element['properties'] | undefined): string {
  let out = '';
  for (const key in properties) {
    let value: unknown = properties[key];
    if (value === null || value === undefined) continue;
    const { info, name } = attribute(key);
    if (info.overloadedBoolean && (value === info.attribute || value === '')) value = true;
    else if (
      (info.boolean || info.overloadedBoolean) &&
      (typeof value !== 'string' || value === info.attribute || value === '')
    )
      value = Boolean(value);
    if (value === false || (typeof value === 'number' && Number.isNaN(value))) continue;
    if (value === true) {
      out += ' ' + name;
      continue;
    }
    const text = Array.isArray(value)
      ? info.commaSeparated
        ? commas(value as string[], { padLeft: true })
        : spaces(value as string[])
      : String(value);
    out += ' ' + name + '="' + escapeValue(text) + '"';
  }
  return out;
}
