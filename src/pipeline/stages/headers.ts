import type { ResolvedConfig } from '../../config/config.ts';
import type { Output } from '../../output/output.ts';
import { HEADERS_FILE, headerRules, renderHeaders } from '../../publish/headers.ts';

/**
 * _headers: response headers for hosts that read the file (Content-Security-Policy,
 * caching), written after compressing so that its rules cover the copies. A `_headers` in
 * public/ is the site's own and wins.
 */
export async function writeHeaders(config: ResolvedConfig, output: Output): Promise<void> {
  if (!config.headers.file || output.files.has(HEADERS_FILE)) return;
  await output.write(HEADERS_FILE, renderHeaders(headerRules(config, output.files.keys())));
}
