import { defineConfig } from 'broadsheet';

export default defineConfig({
  title: 'The Broadsheet Sample',
  description: 'A sample news site built with Broadsheet',
  url: 'https://example.org/',
  language: 'en',
  timeZone: 'Europe/London',
  publisher: { name: 'The Broadsheet Sample', logo: '/logo.svg' },
  markdown: { gfm: true, smartypants: true },
  sections: [
    { id: 'world', name: 'World' },
    { id: 'politics', name: 'Politics' },
    { id: 'business', name: 'Business' },
    { id: 'technology', name: 'Technology' },
    { id: 'science', name: 'Science' },
    { id: 'sport', name: 'Sport' },
    { id: 'culture', name: 'Culture' },
  ],
});
