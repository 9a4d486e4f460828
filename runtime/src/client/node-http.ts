/**
 * Methods the fetch standard forbids (TRACE, CONNECT) cannot go through fetch.
 * On Node they go through `node:http`/`node:https`, imported only when such a
 * request is made (never on the browser path, where they are impossible anyway).
 */
import { NetworkError } from '../resilience/errors.js';
import { nodeSource, readLimited, transportError, type Transport } from './transport.js';

export const FETCH_FORBIDDEN_METHODS = new Set(['TRACE', 'CONNECT', 'TRACK']);

export function nodeHttpTransport(): Transport {
  return async (request, signal) => {
    if (typeof process === 'undefined' || !process.versions?.node) {
      throw new NetworkError(`${request.method} cannot be sent from a browser (the fetch standard forbids it)`);
    }
    const url = new URL(request.url);
    // a computed specifier: browser bundlers must not try to resolve Node built-ins
    const specifier = url.protocol === 'https:' ? 'node:https' : 'node:http';
    const http = (await import(/* @vite-ignore */ specifier)) as typeof import('node:http');
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const payload = request.body === undefined ? undefined : new Uint8Array(await new Response(request.body).arrayBuffer());
    if (payload) headers['content-length'] = String(payload.byteLength);
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: request.method, headers, signal }, (res) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
          else if (value !== undefined) responseHeaders.append(name, value);
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: responseHeaders,
          url: request.url,
          async read(mode, limit) {
            return readLimited(responseHeaders, await nodeSource(res, responseHeaders), mode, limit, signal, request);
          },
          async dispose() {
            res.resume();
          },
        });
      });
      req.on('error', (error) => reject(transportError(error, signal, request)));
      req.end(payload);
    });
  };
}

/** Sends fetch-forbidden methods through `node:http`, everything else through `base`. */
export function withForbiddenMethods(base: Transport): Transport {
  let node: Transport | undefined;
  return (request, signal) => {
    if (!FETCH_FORBIDDEN_METHODS.has(request.method.toUpperCase())) return base(request, signal);
    node ??= nodeHttpTransport();
    return node(request, signal);
  };
}
