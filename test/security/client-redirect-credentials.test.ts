/**
 * Issue 13.2 (credentials follow redirects to another origin), 13.15 (redirects to
 * data:/file: URLs, malformed Location, origins the policy refuses) and 13.10 (query
 * API keys in error messages), over real HTTP: two servers on different 127.0.0.1
 * ports, in all three transport modes (fetch following redirects itself, the client's
 * followRedirects, the undici dispatcher).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedirectRefusedError, type ClientOptions } from '../../runtime/src/client/index.js';
import type { ApiSpec } from '../../runtime/src/spec.js';
import { TestClient, api, jsonResponse, op } from '../runtime/client/helpers.js';

const KEY = 'header-key-s3cr3t';
const QUERY_KEY = 'query-key-s3cr3t';
const COOKIE_KEY = 'cookie-key-s3cr3t';
const TOKEN = 'bearer-s3cr3t';

interface Seen {
  server: 'origin' | 'other';
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const seen: Seen[] = [];

function listen(name: Seen['server'], route: (req: IncomingMessage, body: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ server: name, method: req.method!, url: req.url!, headers: req.headers, body });
      const answer = route(req, body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? JSON.stringify({ server: name }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const port = (server: Server) => (server.address() as AddressInfo).port;

let origin: Server;
let other: Server;
let ORIGIN = '';
let OTHER = '';
beforeAll(async () => {
  other = await listen('other', () => ({ status: 200 }));
  OTHER = `http://127.0.0.1:${port(other)}`;
  origin = await listen('origin', (req) => {
    const url = new URL(req.url!, ORIGIN);
    const query = url.search; // a redirect that keeps the query string, as many do
    const [, kind, code] = url.pathname.split('/');
    const status = Number(code);
    switch (kind) {
      case 'cross':
        return { status, headers: { location: `${OTHER}/landed${query}` } };
      case 'same':
        return { status, headers: { location: `/landed${query}` } };
      case 'elsewhere':
        return { status, headers: { location: `http://localhost:${port(other)}/landed` } };
      case 'data':
        return { status, headers: { location: 'data:application/json,{"pwned":true}' } };
      case 'file':
        return { status, headers: { location: 'file:///etc/passwd' } };
      case 'malformed':
        return { status, headers: { location: 'http://[::1' } };
      case 'loop':
        return { status, headers: { location: `/loop/302${query}` } };
      default:
        return { status: 200 };
    }
  });
  ORIGIN = `http://127.0.0.1:${port(origin)}`;
});
let agent: Agent;
beforeAll(() => {
  agent = new Agent();
});
afterAll(async () => {
  await agent.close();
  await Promise.all([origin, other].map((s) => new Promise((resolve) => s.close(resolve))));
});
beforeEach(() => {
  seen.length = 0;
});

const redirect = (path: string, method = 'GET') =>
  op({
    path,
    method,
    parameters: [{ name: 'q', in: 'query', required: false, style: 'form', explode: true, allowReserved: false, shape: 'primitive', schema: {} }],
    ...(method === 'POST' ? { requestBody: { required: true, content: [{ mediaType: 'application/json', kind: 'json' as const }] } } : {}),
    responses: [jsonResponse()],
    security: [{ headerKey: [], queryKey: [], cookieKey: [], bearer: [] }],
  });
const spec: ApiSpec = api(
  {
    cross302: redirect('/cross/302'),
    cross307: redirect('/cross/307', 'POST'),
    same302: redirect('/same/302'),
    elsewhere: redirect('/elsewhere/302'),
    data: redirect('/data/302'),
    file: redirect('/file/302'),
    malformed: redirect('/malformed/302'),
    loop: redirect('/loop/302'),
  },
  {
    securitySchemes: {
      headerKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
      cookieKey: { type: 'apiKey', in: 'cookie', name: 'session' },
      bearer: { type: 'http', scheme: 'bearer' },
    },
  },
);
const auth: ClientOptions['auth'] = { apiKey: { headerKey: KEY, queryKey: QUERY_KEY, cookieKey: COOKIE_KEY }, bearer: TOKEN };

const MODES: Array<[string, (extra?: ClientOptions) => ClientOptions]> = [
  ['fetch following redirects itself (followRedirects unset)', (extra) => ({ baseUrl: ORIGIN, auth, ...extra })],
  ['the client following redirects (followRedirects)', (extra) => ({ baseUrl: ORIGIN, auth, followRedirects: { enabled: true }, ...extra })],
  ['the undici dispatcher', (extra) => ({ baseUrl: ORIGIN, auth, dispatcher: agent, ...extra })],
];

const landed = () => seen.find((s) => s.url.startsWith('/landed'));
function expectNoCredentials(s: Seen | undefined): void {
  expect(s).toBeDefined();
  const text = JSON.stringify(s);
  for (const secret of [KEY, QUERY_KEY, COOKIE_KEY, TOKEN]) expect(text).not.toContain(secret);
  expect(s!.headers['x-api-key']).toBeUndefined();
  expect(s!.headers['authorization']).toBeUndefined();
  expect(s!.headers['cookie']).toBeUndefined();
}

for (const [mode, options] of MODES) {
  describe(`credentials never follow a redirect to another origin: ${mode}`, () => {
    it('302 to another port: API-key header, API-key query parameter, cookie and Authorization are stripped', async () => {
      const res = await new TestClient(spec, options()).run('cross302', { query: { q: 'kept' } });
      expect(res).toMatchObject({ status: 200, body: { server: 'other' } });
      expect(seen[0]).toMatchObject({ server: 'origin', headers: { 'x-api-key': KEY, authorization: `Bearer ${TOKEN}`, cookie: `session=${COOKIE_KEY}` } });
      expect(seen[0]!.url).toContain(`api_key=${QUERY_KEY}`);
      const hop = landed();
      expectNoCredentials(hop);
      expect(hop).toMatchObject({ server: 'other', url: '/landed?q=kept' });
    });

    it('307 (method and body replayed) to another port: credentials stripped, body kept', async () => {
      const res = await new TestClient(spec, options()).run('cross307', { body: { a: 1 } });
      expect(res).toMatchObject({ status: 200, body: { server: 'other' } });
      const hop = landed();
      expectNoCredentials(hop);
      expect(hop).toMatchObject({ server: 'other', method: 'POST', body: '{"a":1}' });
    });

    it('an API key set by hand under the spec header name is stripped too', async () => {
      const { auth: _unused, ...withoutAuth } = options({ headers: { 'x-api-key': KEY } });
      await new TestClient(spec, withoutAuth).run('cross302');
      expect(seen[0]!.headers['x-api-key']).toBe(KEY);
      expectNoCredentials(landed());
    });

    it('a redirect within the origin keeps every credential', async () => {
      await new TestClient(spec, options()).run('same302', { query: { q: 'kept' } });
      const hop = landed()!;
      expect(hop).toMatchObject({ server: 'origin', headers: { 'x-api-key': KEY, authorization: `Bearer ${TOKEN}`, cookie: `session=${COOKIE_KEY}` } });
      expect(hop.url).toBe(`/landed?q=kept&api_key=${QUERY_KEY}`);
    });

    it('a redirect to a data: URL or a file: URL is refused (CG_REDIRECT_REFUSED), never its content as the 200', async () => {
      for (const name of ['data', 'file']) {
        const error = await new TestClient(spec, options()).run(name).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RedirectRefusedError);
        expect(error).toMatchObject({ code: 'CG_REDIRECT_REFUSED', reason: 'scheme', status: 302 });
      }
    });

    it('a malformed Location is a typed error, never a raw TypeError', async () => {
      const error = await new TestClient(spec, options()).run('malformed').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CG_REDIRECT_REFUSED', reason: 'malformed' });
    });
  });
}

describe('followRedirects.allowedOrigins', () => {
  const client = (allowedOrigins: string[]) => new TestClient(spec, { baseUrl: ORIGIN, auth, followRedirects: { enabled: true, allowedOrigins } });

  it('a redirect to an origin the policy does not allow is refused; an allowed one is followed (credentials still stripped)', async () => {
    await expect(client([OTHER]).run('elsewhere')).rejects.toMatchObject({ code: 'CG_REDIRECT_REFUSED', reason: 'origin' });
    expect(seen.filter((s) => s.server === 'other')).toEqual([]);
    expect((await client([OTHER]).run('cross302')).body).toEqual({ server: 'other' });
    expectNoCredentials(landed());
  });

  it('an allowed origin that is not an http(s) URL is an options error', () => {
    expect(() => client(['ftp://x'])).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS' }));
  });
});

describe('query API keys never appear in error messages (redacted)', () => {
  it('a connection failure names the URL with the key redacted', async () => {
    const closed = await listen('origin', () => ({ status: 200 }));
    const url = `http://127.0.0.1:${port(closed)}`;
    await new Promise((resolve) => closed.close(resolve));
    for (const [, options] of MODES) {
      const error = (await new TestClient(spec, options({ baseUrl: url })).run('cross302').catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ code: 'CG_NETWORK' });
      expect(error.message).toContain('api_key=REDACTED');
      expect(`${error.message}${error.stack}`).not.toContain(QUERY_KEY);
    }
  });

  it('too many redirects names the last URL with the key redacted', async () => {
    const error = (await new TestClient(spec, { baseUrl: ORIGIN, auth, followRedirects: { enabled: true, maxCount: 2 } }).run('loop').catch((e: unknown) => e)) as Error & { url: string };
    expect(error).toMatchObject({ code: 'CG_TOO_MANY_REDIRECTS' });
    expect(`${error.message}${error.url}${error.stack}`).not.toContain(QUERY_KEY);
    expect(error.url).toContain('api_key=REDACTED');
  });

  it('credentials in a base URL (userinfo) are refused at construction, on every transport, and never repeated', () => {
    for (const transport of ['undici', 'node:http', 'fetch'] as const) {
      let error: unknown;
      try {
        new TestClient(spec, { baseUrl: `http://ann:pa55word@127.0.0.1:${port(origin)}`, auth, transport });
      } catch (e) {
        error = e;
      }
      expect(error, transport).toMatchObject({ code: 'CG_INVALID_OPTIONS', option: 'baseUrl' });
      expect((error as Error).message).not.toContain('pa55word');
      expect((error as Error).message).not.toContain('ann');
    }
    expect(seen).toEqual([]);
  });
});

describe('in a browser, a redirect of a request carrying an API key cannot be followed safely', () => {
  it("fetch's opaque redirect (redirect: 'manual' in a browser hides the target) is CG_REDIRECT_REFUSED, reason opaque", async () => {
    // Node's fetch returns the real 3xx for 'manual'; a browser returns this (Response.type is read-only, hence the stand-in)
    const modes: Array<RequestRedirect | undefined> = [];
    const browserFetch: typeof fetch = async (_input, init) => {
      modes.push(init?.redirect);
      return { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null, url: '' } as unknown as Response;
    };
    const error = await new TestClient(spec, { baseUrl: ORIGIN, auth, fetch: browserFetch }).run('cross302').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CG_REDIRECT_REFUSED', reason: 'opaque' });
    // the request carried an API key: the client asked fetch not to follow redirects itself
    expect(modes).toEqual(['manual']);
  });

  it('without API keys fetch follows redirects itself (Authorization and Cookie are dropped by fetch on another origin)', async () => {
    const modes: Array<RequestRedirect | undefined> = [];
    const recording: typeof fetch = (input, init) => {
      modes.push(init?.redirect);
      return globalThis.fetch(input, init);
    };
    const client = new TestClient(spec, { baseUrl: ORIGIN, headers: { authorization: `Bearer ${TOKEN}`, cookie: `session=${COOKIE_KEY}` }, fetch: recording });
    await client.run('cross302');
    expect(modes).toEqual(['follow']);
    expect(seen[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, cookie: `session=${COOKIE_KEY}` });
    expectNoCredentials(landed());
  });
});
