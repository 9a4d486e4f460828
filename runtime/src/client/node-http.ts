/**
 * Methods the fetch standard forbids (TRACE, CONNECT) cannot go through fetch.
 * On Node they go through `node:http`/`node:https`, imported only when such a
 * request is made (never on the browser path, where they are impossible anyway).
 */
import { NetworkError } from '../resilience/errors.js';
import { nodeSource, readLimited, transportError, type Redact, type Transport } from './transport.js';

export const FETCH_FORBIDDEN_METHODS = new Set(['TRACE', 'CONNECT', 'TRACK']);

export function nodeHttpTransport(redact: Redact): Transport {
  return async (wire, signal) => {
    const request = { method: wire.method, url: redact(wire.url), redact };
    if (typeof process === 'undefined' || !process.versions?.node) {
      throw new NetworkError(`${request.method} cannot be sent from a browser (the fetch standard forbids it)`);
    }
    const url = new URL(wire.url);
    // a computed specifier: browser bundlers must not try to resolve Node built-ins
    const specifier = url.protocol === 'https:' ? 'node:https' : 'node:http';
    const http = (await import(/* @vite-ignore */ specifier)) as typeof import('node:http');
    const headers: Record<string, string> = {};
    wire.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const payload = wire.body === undefined ? undefined : new Uint8Array(await new Response(wire.body).arrayBuffer());
    if (payload) headers['content-length'] = String(payload.byteLength);
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: wire.method, headers, signal }, (res) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
          else if (value !== undefined) responseHeaders.append(name, value);
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: responseHeaders,
          url: wire.url,
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
export function withForbiddenMethods(base: Transport, redact: Redact): Transport {
  let node: Transport | undefined;
  return (request, signal, redirect) => {
    if (!FETCH_FORBIDDEN_METHODS.has(request.method.toUpperCase())) return base(request, signal, redirect);
    node ??= nodeHttpTransport(redact);
    return node(request, signal);
  };
}
