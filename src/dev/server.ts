import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import path from 'node:path';
import { contentType } from '../util/content-type.ts';
import { headersFor, type HeaderRule } from '../publish/headers.ts';
import { CLIENT_SOURCE } from './client.ts';

/** Where the dev server's own endpoints live, under the site's base path. */
export const DEV_PREFIX = '__broadsheet/';

export interface DevServer {
  readonly server: Server;
  /** Tell every open page something (an SSE event). */
  broadcast(event: string, data: unknown): void;
  /** Events a page receives as soon as it connects (the current errors, if any). */
  setGreeting(event: string | undefined, data?: unknown): void;
  close(): Promise<void>;
}

/**
 * Serve the output folder as a static host would (content types, directory index, the
 * site's 404.html, the base path), plus the live-reload client and its event stream.
 * The client is added to HTML as it is served; files on disk stay as the build wrote them.
 */
export function createDevServer(options: {
  root: string;
  basePath: string;
  /** Add the live-reload client to pages. Default true; `broadsheet serve` turns it off. */
  liveReload?: boolean;
  /** Response headers from the site's `_headers`, applied as Netlify would (`broadsheet serve`), as they are now. */
  headerRules?: () => readonly HeaderRule[];
  /** The HTML of the dev server's own page at `__broadsheet/` (the drafts and scheduled stories); none: no page. */
  overview?: () => string;
  /** URL paths a host answers with 410 Gone and the page there (retired URLs, from `_redirects`), as they are now. */
  gone?: () => ReadonlySet<string>;
  /** Host names answered besides localhost and IP addresses (`--host NAME`). */
  hosts?: readonly string[];
}): DevServer {
  const live = options.liveReload ?? true;
  const clients = new Set<ServerResponse>();
  let greeting: { event: string; data: unknown } | undefined;
  const send = (res: ServerResponse, event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const base = options.basePath;
  const inject = `<script src="${base}${DEV_PREFIX}client.js"></script>`;

  /** Headers of a response: the site's own (when serving as a host would), then type and caching. */
  const headers = (urlPath: string, type: string): Record<string, string> => ({
    ...(options.headerRules
      ? Object.fromEntries(headersFor(options.headerRules(), urlPath))
      : { 'cache-control': 'no-store' }),
    'content-type': type,
  });

  const serveFile = async (res: ServerResponse, file: string, urlPath: string, status = 200, method = 'GET') => {
    const type = contentType(file);
    if (type.startsWith('text/html') && live) {
      const html = await readFile(file, 'utf8');
      const at = html.lastIndexOf('</body>');
      const body = at === -1 ? html + inject : html.slice(0, at) + inject + html.slice(at);
      res.writeHead(status, headers(urlPath, type));
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(status, headers(urlPath, type));
    if (method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req.headers.host, options.hosts ?? [])) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${req.headers.host} is not a host this server answers: open it at localhost or its IP address\n`);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (!pathname.startsWith(base)) {
      if (pathname === '/' || `${pathname}/` === base) {
        res.writeHead(302, { location: base }).end();
      } else {
        res
          .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`Not found: the site is served under ${base}`);
      }
      return;
    }
    const rel = pathname.slice(base.length);
    if (live && rel === `${DEV_PREFIX}client.js`) {
      res
        .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
        .end(CLIENT_SOURCE);
      return;
    }
    if (live && options.overview && (rel === DEV_PREFIX || rel === `${DEV_PREFIX}index.html`)) {
      const html = options.overview();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : html.replace('</body>', `${inject}</body>`));
      return;
    }
    if (live && rel === `${DEV_PREFIX}events`) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write('retry: 500\n\n');
      clients.add(res);
      if (greeting) send(res, greeting.event, greeting.data);
      req.on('close', () => clients.delete(res));
      return;
    }
    const file = path.resolve(options.root, `.${path.posix.normalize(`/${rel}`)}`);
    if (file !== options.root && !file.startsWith(options.root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    const info = await stat(file).catch(() => undefined);
    const status = options.gone?.().has(url.pathname) ? 410 : 200;
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      const index = path.join(file, 'index.html');
      if (
        await stat(index)
          .then((s) => s.isFile())
          .catch(() => false)
      )
        return serveFile(res, index, url.pathname, status, req.method);
    } else if (info?.isFile()) {
      return serveFile(res, file, url.pathname, status, req.method);
    }
    const notFound = path.join(options.root, '404.html');
    if (
      await stat(notFound)
        .then((s) => s.isFile())
        .catch(() => false)
    )
      return serveFile(res, notFound, url.pathname, 404, req.method);
    res
      .writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><title>Not found</title><p>Not found.</p>${live ? inject : ''}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`dev server error: ${error.message}`);
    });
  });

  return {
    server,
    broadcast: (event, data) => {
      for (const res of clients) send(res, event, data);
    },
    setGreeting: (event, data) => {
      greeting = event ? { event, data } : undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of clients) res.end();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Listen on `port`, or the next free one (up to 20 further); resolves to the port used. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let attempt = port;
    const tryListen = () => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE' && attempt < port + 20) {
          attempt++;
          tryListen();
        } else reject(error);
      });
      server.listen(attempt, host, () => resolve((server.address() as AddressInfo).port));
    };
    tryListen();
  });
}

/**
 * Whether a request's Host is one the server answers: localhost, an IP address, or a name
 * it was started with. A page on another site can make a browser's requests to its own
 * name resolve to 127.0.0.1 (DNS rebinding) and read the answers, which in `dev` include
 * drafts and embargoed stories; such requests carry that site's name as their Host.
 */
export function hostAllowed(header: string | undefined, names: readonly string[]): boolean {
  if (header === undefined) return true;
  let hostname: string;
  try {
    hostname = new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    isIP(hostname.replace(/^\[|\]$/g, '')) !== 0 ||
    names.some((name) => name.toLowerCase() === hostname)
  );
}
