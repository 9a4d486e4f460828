/**
 * The generated clients in a real browser: headless Chromium (the system's binary, driven by
 * playwright-core) loads a page bundled by esbuild from its own origin and calls generated servers
 * on other ports, so every call is a real cross-origin request with a real CORS preflight.
 * One browser launch runs every check; each check is asserted in its own test. The page's code
 * (app/) is type-checked with the test tree by `npm run test:types`: its narrowing per status is
 * part of what it proves.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, PageGlobal } from './app/protocol.js';
import { RESULT_PREFIX } from './app/protocol.js';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM, findChromium } from './chromium.js';
import { FILE, IDS, startPageServer, startServers, type SeenRequest, type Servers } from './servers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.join(HERE, 'app/main.ts');
/** A hang guard only (nothing asserts on time): a busy 2-core machine can take a while to start Chromium. */
const HANG_GUARD = 180_000;

const executablePath = findChromium();
const required = process.env['CI'] === 'true';
if (executablePath === undefined && !required) {
  console.warn(`browser test skipped: no Chromium at ${process.env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

describe.skipIf(executablePath === undefined && !required)('generated clients in headless Chromium, cross-origin', () => {
  let servers: Servers | undefined;
  let page: Awaited<ReturnType<typeof startPageServer>> | undefined;
  let browser: Browser | undefined;
  let bundle: Awaited<ReturnType<typeof bundleApp>>;
  const results = new Map<string, CheckResult>();
  const consoleLines: string[] = [];

  /** A failed setup fails every test with its error (a throwing beforeAll would mark them skipped). */
  let setupError: unknown;
  const ready = (): void => {
    if (setupError !== undefined) throw setupError;
  };

  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error;
    }
  }, HANG_GUARD);

  async function setUp(): Promise<void> {
    if (executablePath === undefined) throw new Error(`CI=true but no Chromium at ${process.env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM}: the browser test must not be skipped in CI`);
    bundle = await bundleApp();
    let api: Servers | undefined;
    page = await startPageServer(bundle.code, () => api?.seen ?? []);
    servers = api = await startServers(page.origin);
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: HANG_GUARD });
    const tab = await browser.newPage();
    tab.on('console', (message) => {
      if (!message.text().startsWith(RESULT_PREFIX)) consoleLines.push(`${message.type()}: ${message.text()}`);
    });
    tab.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    await tab.goto(`${page.origin}/`, { timeout: HANG_GUARD });
    await tab.waitForFunction(() => typeof (globalThis as unknown as Partial<PageGlobal>).runBrowserChecks === 'function', undefined, { timeout: HANG_GUARD });
    const all = await tab.evaluate((config) => (globalThis as unknown as PageGlobal).runBrowserChecks(config), servers.config);
    for (const result of all) results.set(result.name, result);
  }

  afterAll(async () => {
    await browser?.close();
    await servers?.close();
    await page?.close();
  });

  /** The observation of one check; fails the test naming the check when it did not run to its end. */
  function observed(name: string): unknown {
    ready();
    const result = results.get(name);
    expect(result, `the page did not report check "${name}"`).toBeDefined();
    expect(result!.error, `check "${name}" threw in the page`).toBeUndefined();
    return result!.observed;
  }
  /** Registers the test for one check of the page (the name is the check's). */
  const checked: string[] = [];
  function check(name: string, assert: (observed: unknown) => void, known?: 'fails'): void {
    checked.push(name);
    (known === 'fails' ? it.fails : it)(name, () => assert(observed(name)));
  }
  const api = (): SeenRequest[] => servers!.seen;
  const preflights = (server: string, method: string): SeenRequest[] => api().filter((s) => s.server === server && s.method === 'OPTIONS' && s.preflightMethod === method);
  const typedError = (code: string, flag: 'timeoutError' | 'abortedError' | 'networkError') => expect.objectContaining({ code, contractgenError: true, [flag]: true });

  it('bundles for the browser with esbuild (platform browser, no other flags) without warnings', () => {
    ready();
    expect(bundle.warnings).toEqual([]);
    expect(bundle.code).not.toMatch(/\bfrom\s*["']node:|\brequire\(/);
  });

  it('every call is cross-origin: the page\'s Origin on each API request, preflights where CORS requires them', () => {
    ready();
    expect(api().length).toBeGreaterThan(0);
    for (const request of api()) expect(request.origin, `${request.method} ${request.url}`).toBe(page!.origin);
    expect(new Set(api().map((s) => s.server)).size).toBe(5);
  });

  check('typed results per status', (o) =>
    expect(o).toEqual({
      created: { status: 201, ok: true, documented: true, idType: 'number', name: 'Rex' },
      got: { status: 200, ok: true, documented: true, name: 'Rex', tag: 'dog', contentType: 'application/json' },
    }),
  );

  it('the API-key header goes through the preflight', () => {
    ready();
    expect(preflights('petstore', 'POST').map((s) => s.preflightHeaders)).toContainEqual(expect.arrayContaining(['x-api-key', 'content-type']));
    expect(preflights('petstore', 'GET').every((s) => s.preflightHeaders.includes('x-api-key'))).toBe(true);
  });

  check('documented response header, exposed by CORS', (o) => expect(o).toEqual({ status: 200, total: 2, totalType: 'number', names: ['Flaky', 'Rex'] }));

  check('404 member', (o) =>
    expect(o).toEqual({ status: 404, ok: false, documented: true, title: 'Not found', detail: `no pet ${IDS.missing}`, contentType: expect.stringMatching(/^application\/problem\+json/) }),
  );

  check('undocumented status', (o) => expect(o).toEqual({ status: 418, ok: false, documented: false, body: { teapot: true }, contentType: 'application/json' }));

  check('a gateway reply without CORS headers', (o) => {
    // the 502 arrived (the server answered it) but the browser hides it from script
    expect(o).toEqual(typedError('CG_NETWORK', 'networkError'));
    expect(api().filter((s) => s.server === 'petstore' && s.method === 'GET' && s.url === `/v1/pets/${IDS.bareGateway}`)).toHaveLength(1);
  });

  check('a cross-origin redirect of a call carrying the API key', (o) =>
    expect(o).toEqual({ error: expect.objectContaining({ code: 'CG_REDIRECT_REFUSED', contractgenError: true, reason: 'opaque' }), targetRequested: 0 }),
  );

  check('timeout', (o) => expect(o).toEqual(typedError('CG_TIMEOUT', 'timeoutError')));

  check('abort', (o) =>
    expect(o).toEqual({ onTheWire: true, during: typedError('CG_ABORTED', 'abortedError'), before: typedError('CG_ABORTED', 'abortedError') }),
  );

  check('multipart upload with a File', (o) => {
    expect(o).toEqual({ status: 204, petId: expect.any(Number) });
    const { petId } = o as { petId: number };
    expect(servers!.petstore.photos.get(petId)).toEqual({ type: 'image/png', size: 4, caption: 'smile' });
    expect(servers!.fileNames.get(petId)).toBe('photo.png');
  });

  check('binary download as a Blob', (o) =>
    expect(o).toEqual({
      blob: { type: 'application/octet-stream', bytes: FILE.bytes },
      checksum: createHash('sha256').update(Uint8Array.from(FILE.bytes)).digest('hex'),
      version: 3,
      defaultIsUint8Array: true,
      stream: FILE.bytes,
    }),
  );

  check('retry on 503', (o) => {
    expect(o).toEqual({ status: 200, name: 'Flaky' });
    // one 503 from the gateway, then the generated route: two attempts on the wire
    expect(api().filter((s) => s.server === 'petstore' && s.method === 'GET' && s.url === `/v1/pets/${IDS.flaky}`)).toHaveLength(2);
  });

  check('Authorization (bearer) through the preflight', (o) => {
    expect(o).toEqual({ status: 204, documented: true });
    expect(preflights('petstore', 'DELETE').map((s) => s.preflightHeaders)).toContainEqual(['authorization']);
  });

  check('CORS refusal is a typed network error', (o) => {
    expect(o).toEqual(typedError('CG_NETWORK', 'networkError'));
    // the browser asked, was refused, and never sent the request
    const refused = api().filter((s) => s.server === 'petstore-without-api-key-cors');
    expect(refused.map((s) => [s.method, s.preflightMethod])).toEqual([['OPTIONS', 'POST']]);
    expect(consoleLines.some((line) => /blocked by CORS policy.*x-api-key/i.test(line))).toBe(true);
  });

  // Chromium streams request bodies over HTTP/2 only (docs/client.md, Browsers); elsewhere fetch rejects.
  check('streaming upload over HTTP/1.1', (o) => expect(o).toEqual(typedError('CG_NETWORK', 'networkError')));

  check('features: query styles and a cookie parameter', (o) => {
    expect(o).toEqual({ status: 200, name: 'first', price: 2.5 });
    const seen = servers!.features.seen.find((s) => (s as { path?: { id?: string } }).path?.id === 'a-1') as { query: unknown; cookies?: Record<string, unknown> };
    expect(seen.query).toEqual({ fields: ['name', 'price'], filter: { kind: 'item', min: 2 } });
    // browsers drop a Cookie header set by script (docs/client.md): the cookie parameter never arrives
    expect(seen.cookies?.['session']).toBeUndefined();
  });

  check('features: 404 without content', (o) => expect(o).toEqual({ status: 404, ok: false, documented: true, bodyIsUndefined: true }));

  check('features: request and response media types', (o) =>
    expect(o).toEqual({
      json: { id: 'b-2', kind: 'item', name: null, meta: { a: 1, b: 'x', c: true } },
      text: 'stored: hello',
      form: { status: 202, documented: true },
    }),
  );

  // A non-preflight OPTIONS (no Access-Control-Request-Method) reaches the spec's OPTIONS operation
  // with cors on (createListener's CORS delegator).
  check('features: OPTIONS operation', (o) => expect(o).toEqual({ status: 204, allow: 'GET, PUT, OPTIONS, HEAD, TRACE' }));

  check('features: HEAD', (o) => expect(o).toEqual({ status: 200, bodyIsUndefined: true }));

  check('features: TRACE is refused by the browser', (o) =>
    expect(o).toEqual(expect.objectContaining({ code: 'CG_NETWORK', networkError: true, message: expect.stringContaining('cannot be sent from a browser') })),
  );

  // issue 18 / 21: SSE through fetch streams in the browser, cross-origin with the API key (preflighted)
  check('an SSE stream of typed events (fetch streams)', (o) =>
    expect(o).toEqual({
      status: 200,
      contentType: 'text/event-stream',
      count: 200,
      firstId: '0',
      lastId: '199',
      seqSum: (199 * 200) / 2,
      notes: 20,
      first: { event: 'note', id: '0', data: { seq: 0, price: 100, note: 'tick 0\nsecond line' } },
      logs: { contentType: 'application/jsonl', levels: 43 },
    }),
  );

  check('an SSE stream aborted mid-way', (o) => expect(o).toEqual(expect.objectContaining({ count: 20, code: 'CG_ABORTED', abortedError: true })));

  it('the page ran exactly the checks asserted here', () => {
    ready();
    expect([...results.keys()].sort()).toEqual([...checked].sort());
  });
});

async function bundleApp(): Promise<{ code: string; warnings: string[] }> {
  // What a user's bundler does with the generated client: no flags beyond the browser platform.
  const result = await build({ entryPoints: [ENTRY], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
  return { code: result.outputFiles[0]!.text, warnings: result.warnings.map((w) => w.text) };
}
