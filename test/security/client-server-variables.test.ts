/**
 * Issue 13.12: server-variable values are encoded and cannot change the origin. A
 * tenant value like `127.0.0.1:9999/` in `http://{tenant}.example.invalid/v1` used to
 * move the request — and its API key — to another host. Real HTTP on 127.0.0.1: the
 * "attacker" is a server the hostile value would point at.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServerSpec } from '../../runtime/src/spec.js';
import { TestClient, api, echoRoutes, op, startServer, type TestServer } from '../runtime/client/helpers.js';

type Echo = { url: string; headers: Record<string, string> };

let server: TestServer;
let attacker: TestServer;
const stolen: string[] = [];
beforeAll(async () => {
  server = await startServer(echoRoutes);
  attacker = await startServer((app) => {
    app.all('/*', async (req) => {
      stolen.push(String(req.headers['x-api-key']));
      return {};
    });
  });
});
afterAll(async () => {
  await server.close();
  await attacker.close();
});
beforeEach(() => {
  stolen.length = 0;
});

const specWith = (servers: ServerSpec[]) =>
  api(
    { get: op({ path: '/echo/x', security: [{ key: [] }] }) },
    { servers, securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
  );
const client = (servers: ServerSpec[], serverVariables: Record<string, string>) =>
  new TestClient(specWith(servers), { serverVariables, auth: { apiKey: 'k-s3cr3t' } });
const hostPort = () => new URL(attacker.url).host;

describe('server variables cannot move the request to another origin', () => {
  const tenantServer: ServerSpec[] = [{ url: 'http://{tenant}.example.invalid/v1', variables: { tenant: { default: 'acme' } } }];

  it('a tenant value that would end the host early ("127.0.0.1:9999/") is refused; nothing reaches that host', async () => {
    for (const tenant of [`${hostPort()}/`, `${hostPort()}/x?`, `${hostPort()}#`, `evil@${hostPort()}`, `${hostPort()}\\`]) {
      expect(() => client(tenantServer, { tenant }), tenant).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', option: 'serverVariables' }));
    }
    expect(stolen).toEqual([]);
  });

  it('a scheme variable must be http or https', () => {
    const servers: ServerSpec[] = [{ url: '{scheme}://127.0.0.1/v1', variables: { scheme: { default: 'https' } } }];
    expect(() => client(servers, { scheme: 'file' })).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS' }));
  });

  it('a host or port variable still chooses the server (the whole authority is the variable)', async () => {
    const { port } = new URL(server.url);
    const servers: ServerSpec[] = [{ url: 'http://{host}:{port}/{base}', variables: { host: { default: 'api.invalid' }, port: { default: '1' }, base: { default: 'v1' } } }];
    const res = await client(servers, { host: '127.0.0.1', port, base: 'echo' }).run('get');
    expect((res.body as Echo).url).toBe('/echo/echo/x');
  });

  it('path values are percent-encoded: ? and # cannot start a query or fragment; dot segments are refused', async () => {
    const { port } = new URL(server.url);
    const servers: ServerSpec[] = [{ url: `http://127.0.0.1:${port}/echo/{base}`, variables: { base: { default: 'v1' } } }];
    expect(((await client(servers, { base: 'a?b=1#c' }).run('get')).body as Echo).url).toBe('/echo/a%3Fb%3D1%23c/echo/x');
    expect(((await client(servers, { base: 'api/v2' }).run('get')).body as Echo).url).toBe('/echo/api/v2/echo/x');
    expect(() => client(servers, { base: '../admin' })).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS' }));
  });

  it('a path variable right after the host ({host}{basePath}) may carry the path', async () => {
    const servers: ServerSpec[] = [{ url: 'http://{host}{basePath}', variables: { host: { default: new URL(server.url).host }, basePath: { default: '/echo' } } }];
    expect(((await client(servers, {}).run('get')).body as Echo).url).toBe('/echo/echo/x');
  });

  it('values outside the enum are refused', () => {
    const servers: ServerSpec[] = [{ url: 'https://{region}.api.invalid', variables: { region: { default: 'eu', enum: ['eu', 'us'] } } }];
    expect(() => client(servers, { region: 'us' })).not.toThrow();
    expect(() => client(servers, { region: hostPort() })).toThrow(expect.objectContaining({ code: 'CG_INVALID_OPTIONS', message: expect.stringContaining('not one of') }));
  });
});
