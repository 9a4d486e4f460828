/**
 * The generated servers the page calls, each on its own port (port 0) with `createListener({ cors })`,
 * plus the page's own static server. A request log (taken at the socket, so preflights answered by
 * @fastify/cors are in it) lets the test check what actually crossed the wire.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { createListener, type Listener } from '../../runtime/src/server/index.js';
import { register as registerDownloads } from '../golden/downloads/server.js';
import { register as registerFeatures } from '../golden/features-3.1/server.js';
import { register as registerPetstore } from '../golden/petstore/server.js';
import { register as registerStreams } from '../golden/stream-3.2/server.js';
import { createStreamHandlers } from '../stream/stream-handlers.js';
import { createFeatureHandlers } from '../e2e/features-handlers.js';
import { createHandlers } from '../e2e/petstore-handlers.js';
import { SEEN_PATH, type PageConfig } from './app/protocol.js';

export const API_KEY = 'browser-key-1';
export const JWT_SECRET = new TextEncoder().encode('a-browser-test-secret-long-enough-for-hs256');
export const IDS: PageConfig['ids'] = { slow: 900, flaky: 503, teapot: 418, bareGateway: 502, missing: 404_404, crossOrigin: 302_302 };
/** Where the cross-origin redirect points (on the features server): it must never be requested. */
export const REDIRECT_TARGET = '/items/redirect-target';
export const FILE = { name: 'logo.bin', bytes: [0, 1, 2, 127, 128, 254, 255] };

/**
 * The CORS configuration a server needs for the generated client (docs/client.md shows it):
 * the page's origin, every method the spec uses, the request headers the client sends
 * (Content-Type, the API-key header of the spec's apiKey schemes, Authorization, header parameters),
 * and the documented response headers plus Retry-After exposed to script.
 */
export function corsFor(origin: string): Record<string, unknown> {
  return {
    origin,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'X-API-Key', 'Authorization', 'X-Request-Id'],
    exposedHeaders: ['X-Total-Count', 'X-Next', 'X-Checksum', 'X-Version', 'Allow', 'Retry-After'],
  };
}

export interface SeenRequest {
  server: string;
  method: string;
  url: string;
  origin: string | undefined;
  /** Access-Control-Request-Method / -Headers: set on preflights only. */
  preflightMethod: string | undefined;
  preflightHeaders: string[];
}

export interface Servers {
  config: PageConfig;
  seen: SeenRequest[];
  petstore: ReturnType<typeof createHandlers>;
  features: ReturnType<typeof createFeatureHandlers>;
  /** File names of uploaded `file` parts, by pet id. */
  fileNames: Map<number, string>;
  close(): Promise<void>;
}

type PetstoreHandlers = ReturnType<typeof createHandlers>;

/** The user's Petstore handlers, plus a pet id that is never answered (until `release`) and file names. */
function petstoreHandlers(released: Promise<void>, fileNames: Map<number, string>): PetstoreHandlers {
  const handlers = createHandlers();
  handlers.store.set(IDS.flaky, { id: IDS.flaky, name: 'Flaky' });
  const { getPet, uploadPhoto } = handlers;
  handlers.getPet = async (req, ctx) => {
    if (req.path.petId === IDS.slow) await released;
    return getPet(req, ctx);
  };
  handlers.uploadPhoto = async (req, ctx) => {
    if (req.contentType !== 'application/octet-stream' && req.body.file instanceof File) fileNames.set(req.path.petId, req.body.file.name);
    return uploadPhoto(req, ctx);
  };
  return handlers;
}

export async function startServers(pageOrigin: string): Promise<Servers> {
  const seen: SeenRequest[] = [];
  const listeners: Listener[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const fileNames = new Map<number, string>();
  const petstore = petstoreHandlers(released, fileNames);
  const features = createFeatureHandlers();
  const cors = corsFor(pageOrigin);
  const bytes = Uint8Array.from(FILE.bytes);

  const start = async (name: string, options: Record<string, unknown>, setup: Parameters<typeof createListener>[1]): Promise<string> => {
    const listener = await createListener({ port: 0, cors: options }, (app) => {
      app.server.on('request', (req) => {
        const headers = req.headers['access-control-request-headers'];
        seen.push({
          server: name,
          method: req.method ?? '',
          url: req.url ?? '',
          origin: req.headers.origin,
          preflightMethod: req.headers['access-control-request-method'],
          preflightHeaders: headers === undefined ? [] : headers.split(',').map((h) => h.trim().toLowerCase()),
        });
      });
      return setup(app);
    });
    listeners.push(listener);
    return listener.url;
  };

  const petstoreSecurity = { apiKey: { keys: [API_KEY] }, bearerAuth: { jwt: { key: JWT_SECRET, algorithms: ['HS256' as const] } } };
  let flakyAnswered = false;
  let otherOrigin = '';
  const petstoreUrl = await start('petstore', cors, async (app) => {
    // A gateway in front of the generated routes: statuses the contract does not declare.
    app.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET') return;
      if (req.url === `/v1/pets/${IDS.teapot}`) return reply.code(418).type('application/json').send({ teapot: true });
      if (req.url === `/v1/pets/${IDS.bareGateway}`) {
        reply.removeHeader('access-control-allow-origin');
        return reply.code(502).type('text/html').send('<h1>Bad gateway</h1>');
      }
      if (req.url === `/v1/pets/${IDS.crossOrigin}`) return reply.code(302).header('location', `${otherOrigin}${REDIRECT_TARGET}`).send();
      if (req.url === `/v1/pets/${IDS.flaky}` && !flakyAnswered) {
        flakyAnswered = true;
        return reply.code(503).header('retry-after', '0').type('text/plain').send('try again');
      }
    });
    await registerPetstore(app, petstore, { prefix: '/v1', security: petstoreSecurity });
  });
  const withoutApiKeyUrl = await start('petstore-without-api-key-cors', { ...cors, allowedHeaders: ['Content-Type'] }, (app) =>
    registerPetstore(app, createHandlers(), { prefix: '/v1', security: petstoreSecurity }),
  );
  const featuresUrl = await start('features', cors, (app) => registerFeatures(app, features));
  otherOrigin = featuresUrl;
  const downloadsUrl = await start('downloads', cors, (app) =>
    registerDownloads(app, {
      async downloadFile(req) {
        if (req.path.name !== FILE.name) return { status: 404, body: { title: 'Not found', status: 404 } };
        const checksum = createHash('sha256').update(bytes).digest('hex');
        return { status: 200, body: bytes, headers: { 'X-Checksum': checksum, 'X-Version': 3 } };
      },
    }),
  );

  const streamsUrl = await start('streams', cors, (app) => registerStreams(app, createStreamHandlers(), { security: { apiKey: { keys: [API_KEY] } } }));

  return {
    config: {
      streams: streamsUrl,
      petstore: `${petstoreUrl}/v1`,
      petstoreWithoutApiKeyCors: `${withoutApiKeyUrl}/v1`,
      features: featuresUrl,
      downloads: downloadsUrl,
      apiKey: API_KEY,
      bearer: await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('10m').sign(JWT_SECRET),
      ids: IDS,
      file: FILE,
      redirectTarget: REDIRECT_TARGET,
    },
    seen,
    petstore,
    features,
    fileNames,
    async close() {
      release();
      await Promise.all(listeners.map((l) => l.close()));
    },
  };
}

/**
 * Serves the page and its bundle from 127.0.0.1 on a port of its own. `GET /seen?url=…` (same origin)
 * answers how many non-preflight requests for that URL the API servers have received, so the page
 * can abort a call it knows is on the wire without guessing a delay.
 */
export async function startPageServer(bundle: string, seen: () => readonly SeenRequest[]): Promise<{ origin: string; close(): Promise<void> }> {
  const html = '<!doctype html><meta charset="utf-8"><title>contractgen browser checks</title><script type="module" src="/app.js"></script>';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://page');
    if (url.pathname === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (url.pathname === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    else if (url.pathname === SEEN_PATH) {
      const count = seen().filter((s) => s.method !== 'OPTIONS' && s.url === url.searchParams.get('url')).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(count));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
