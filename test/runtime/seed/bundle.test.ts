/**
 * Issue 17 "done means": each opt-in client feature adds nothing to the bundle of an app that
 * does not use it. Browser bundles by esbuild as the bench's bundle section builds them (minified,
 * tree-shaken, no code splitting: a dynamic import of a local module would still be inlined). Each
 * feature is found by a string only its own module holds.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleApp } from '../../helpers/bundle.js';
import { ROOT } from '../../helpers/generated.js';

const bundle = (source: string, platform: 'browser' | 'node' = 'browser'): Promise<string> => bundleApp(source, 'seed-bundle', platform);

const golden = JSON.stringify(path.join(ROOT, 'test/golden/sink/client.ts'));
const app = (options: string, imports = '') => `${imports}import { Client } from ${golden};
const res = await new Client({ baseUrl: 'https://ingest.example.com'${options} }).ingestEvents({ body: [{ id: 1, type: 'click' }] });
console.log(res.status);
`;

/** A string literal only that feature's modules contain. */
const MARKERS = {
  trace: /toFixed\(1\)/,
  cookies: /tough-cookie/,
  cache: /MemoryCacheStore/,
  proxy: /EnvHttpProxyAgent/,
  jose: /JOSEAlgNotAllowed|ERR_JOSE_GENERIC/,
};

describe('one-operation bundles', () => {
  it('an app without the features carries none of them (browser)', async () => {
    const code = await bundle(app(''));
    expect(code).toContain('ingestEvents');
    for (const [feature, marker] of Object.entries(MARKERS)) expect(code, feature).not.toMatch(marker);
  });

  it('each feature is carried when used, and only it', async () => {
    const traced = await bundle(app(', trace: traceLog()', "import { traceLog } from '@contractgen/runtime/client';\n"));
    expect(traced).toMatch(MARKERS.trace);
    expect(traced).not.toMatch(MARKERS.cookies);
    const cookies = await bundle(app(', cookies: cookieJar()', "import { cookieJar } from '@contractgen/runtime/client';\n"));
    expect(cookies).toMatch(MARKERS.cookies);
    expect(cookies).not.toMatch(MARKERS.cache);
    const cached = await bundle(app(', cache: httpCache()', "import { httpCache } from '@contractgen/runtime/client';\n"));
    expect(cached).toMatch(MARKERS.cache);
    expect(cached).not.toMatch(MARKERS.trace);
  });

  it('tough-cookie itself is never bundled: it is loaded at run time on Node only', async () => {
    const code = await bundle(app(', cookies: cookieJar()', "import { cookieJar } from '@contractgen/runtime/client';\n"));
    expect(code).not.toMatch(/MemoryCookieStore|tldts|Cookie has domain set/);
  });
});
