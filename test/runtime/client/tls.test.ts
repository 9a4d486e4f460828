/**
 * Issue 14.5: `tls: { ca, cert, key, passphrase, servername, rejectUnauthorized }` on
 * createClient / Client, against a local HTTPS server (createListener) with a private CA
 * and mutual TLS — also the first test of the server side's `mutualTLS` scheme. The CA,
 * the server certificate (SAN DNS:api.test only, so `servername` matters) and an
 * encrypted client key are made by openssl at test time in a temporary folder.
 */
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListener } from '../../../runtime/src/server/index.js';
import { generateInto, tmpDir, typecheck, writeSpec } from '../../helpers/generated.js';

const run = promisify(execFile);
const PASSPHRASE = 'test-only-passphrase';

interface Pem {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Signed by another CA: the server must not accept it. */
  strangerCert: string;
  strangerKey: string;
}

/** A throw-away CA, a server certificate for api.test and client certificates (test-only keys, never committed). */
async function makeCertificates(dir: string): Promise<Pem> {
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
  for (const ca of ['ca', 'other-ca']) {
    await openssl('req', '-x509', ...ec, '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '1', '-subj', `/CN=${ca}`);
  }
  await writeFile(path.join(dir, 'server.ext'), 'subjectAltName=DNS:api.test\n');
  await writeFile(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  const leaf = async (name: string, ca: string, ext: string, keyArgs: string[]) => {
    await openssl('req', ...ec, ...keyArgs, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    await openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', ext);
  };
  await leaf('api.test', 'ca', 'server.ext', ['-nodes']);
  await leaf('client-one', 'ca', 'client.ext', ['-passout', `pass:${PASSPHRASE}`]);
  await leaf('stranger', 'other-ca', 'client.ext', ['-nodes']);
  const read = (file: string) => readFile(path.join(dir, file), 'utf8');
  return {
    ca: await read('ca.pem'),
    serverCert: await read('api.test.pem'),
    serverKey: await read('api.test.key'),
    clientCert: await read('client-one.pem'),
    clientKey: await read('client-one.key'),
    strangerCert: await read('stranger.pem'),
    strangerKey: await read('stranger.key'),
  };
}

const SPEC = {
  openapi: '3.1.0',
  info: { title: 'Mtls', version: '1.0.0' },
  servers: [{ url: 'https://api.test/' }],
  components: { securitySchemes: { clientCert: { type: 'mutualTLS' } } },
  paths: {
    '/ping': {
      get: { operationId: 'ping', security: [], responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } } } } } },
    },
    '/whoami': {
      get: {
        operationId: 'whoami',
        security: [{ clientCert: [] }],
        responses: {
          '200': { description: 'the certificate subject', content: { 'application/json': { schema: { type: 'object', required: ['cn'], properties: { cn: { type: 'string' } } } } } },
          '401': { description: 'no client certificate' },
        },
      },
    },
  },
};

type Result = { status: number; body?: unknown };
type Generated = {
  Client: new (options: Record<string, unknown>) => { ping(): Promise<Result>; whoami(): Promise<Result> };
  createClient(options: Record<string, unknown>): unknown;
  ping(api: unknown): Promise<Result>;
  whoami(api: unknown): Promise<Result>;
};

let dir = '';
let certDir = '';
let pem: Pem;
let generated: Generated;
let server: Awaited<ReturnType<typeof createListener>>;
let baseUrl = '';

beforeAll(async () => {
  certDir = await tmpDir('tls-certs');
  pem = await makeCertificates(certDir);
  ({ dir } = await generateInto(await writeSpec('tls-spec', SPEC), 'tls'));
  generated = (await import(path.join(dir, 'client.ts'))) as Generated;
  const { register } = (await import(path.join(dir, 'server.ts'))) as { register: (app: unknown, handlers: unknown, options: unknown) => Promise<void> };
  server = await createListener(
    { host: '127.0.0.1', port: 0, tls: { cert: pem.serverCert, key: pem.serverKey, ca: pem.ca, requestCert: true }, logger: false },
    (app) =>
      register(
        app,
        {
          ping: async () => ({ status: 200, body: { ok: true } }),
          whoami: async (req: { auth?: { subject?: { CN?: string } } }) => ({ status: 200, body: { cn: String(req.auth?.subject?.CN) } }),
        },
        { security: { clientCert: {} } },
      ),
  );
  baseUrl = `https://127.0.0.1:${new URL(server.url).port}`;
});

afterAll(async () => {
  await server?.close();
  await rm(certDir, { recursive: true, force: true });
});

const TRANSPORTS = ['undici', 'node:http'] as const;
/** Both forms: the per-operation functions over createClient, and the Client class. */
const FORMS = {
  functions: (options: Record<string, unknown>) => {
    const api = generated.createClient(options);
    return { ping: () => generated.ping(api), whoami: () => generated.whoami(api) };
  },
  Client: (options: Record<string, unknown>) => new generated.Client(options),
};

describe('tls: a private CA, servername, mutual TLS (the server’s mutualTLS scheme)', () => {
  it('the generated output type-checks', async () => {
    expect(await typecheck([dir])).toBe('');
  });

  for (const transport of TRANSPORTS) {
    for (const [form, make] of Object.entries(FORMS)) {
      it(`${transport}, ${form}: Node's default CAs refuse the private CA's certificate (CG_NETWORK)`, async () => {
        const error = await make({ baseUrl, transport, tls: { servername: 'api.test' } }).ping().catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'CG_NETWORK' });
        expect(String((error as Error).message)).toMatch(/certificate/i);
      });

      it(`${transport}, ${form}: with the CA but without servername the name does not match (the certificate is for api.test)`, async () => {
        const error = await make({ baseUrl, transport, tls: { ca: pem.ca } }).ping().catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'CG_NETWORK' });
        expect(String((error as Error).message)).toMatch(/api\.test|altnames|IP/i);
      });

      it(`${transport}, ${form}: ca + servername → the public operation answers; mutualTLS without a certificate is 401`, async () => {
        const client = make({ baseUrl, transport, tls: { ca: pem.ca, servername: 'api.test' } });
        expect(await client.ping()).toMatchObject({ status: 200, body: { ok: true } });
        const who = await client.whoami();
        expect(who, JSON.stringify(who)).toMatchObject({ status: 401 });
      });

      it(`${transport}, ${form}: cert + encrypted key + passphrase → mutualTLS passes with the certificate's subject`, async () => {
        const client = make({ baseUrl, transport, tls: { ca: Buffer.from(pem.ca), cert: pem.clientCert, key: pem.clientKey, passphrase: PASSPHRASE, servername: 'api.test' } });
        expect(await client.whoami()).toMatchObject({ status: 200, body: { cn: 'client-one' } });
        // the next request may go out on a resumed TLS session: the certificate still counts
        expect(await client.whoami()).toMatchObject({ status: 200, body: { cn: 'client-one' } });
      });

      it(`${transport}, ${form}: a client certificate from another CA does not pass mutualTLS`, async () => {
        const client = make({ baseUrl, transport, tls: { ca: pem.ca, cert: pem.strangerCert, key: pem.strangerKey, servername: 'api.test' } });
        expect(await client.whoami()).toMatchObject({ status: 401 });
      });
    }
  }

  it('a wrong passphrase is a typed error, not a crash', async () => {
    const error = await FORMS.functions({ baseUrl, tls: { ca: pem.ca, cert: pem.clientCert, key: pem.clientKey, passphrase: 'wrong', servername: 'api.test' } })
      .whoami()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/^CG_/) });
  });

  it('rejectUnauthorized: false accepts the certificate and warns once per process', async () => {
    const warnings: Error[] = [];
    const listen = (w: Error) => warnings.push(w);
    process.on('warning', listen);
    try {
      for (const transport of TRANSPORTS) {
        expect(await FORMS.functions({ baseUrl, transport, tls: { rejectUnauthorized: false } }).ping()).toMatchObject({ status: 200 });
        expect(await FORMS.Client({ baseUrl, transport, tls: { rejectUnauthorized: false } }).ping()).toMatchObject({ status: 200 });
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => (w as { code?: string }).code === 'CG_TLS_INSECURE')).toHaveLength(1);
    } finally {
      process.off('warning', listen);
    }
  });

  it('bad tls options are located InvalidOptionsErrors', () => {
    expect(() => FORMS.Client({ baseUrl, tls: { cert: pem.clientCert } })).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', message: expect.stringContaining('tls.key') }));
    expect(() => FORMS.Client({ baseUrl, tls: { ca: 42 } })).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', message: expect.stringContaining('tls.ca') }));
    expect(() => FORMS.Client({ baseUrl, transport: 'fetch', tls: { ca: pem.ca } })).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', message: expect.stringContaining('fetch') }));
    expect(() => FORMS.functions({ baseUrl, transport: 'spdy' })).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', message: expect.stringContaining('transport') }));
  });
});
