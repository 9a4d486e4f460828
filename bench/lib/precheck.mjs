// The one real request each benchmarked server gets before it is measured: a server whose answer
// is not the contract's is reported as failed with that answer, never measured.
import { isDeepStrictEqual } from 'node:util';

/**
 * Why a server's answer to the scenario's request is not the contract's (status, JSON media type and
 * the exact body, e.g. no field the schema does not declare), or undefined when it is.
 */
export async function precheck(url, sc) {
  const r = await fetch(url + sc.request.path, { method: sc.request.method, headers: sc.request.headers, body: sc.request.body });
  const text = await r.text();
  if (r.status !== sc.expect.status) return `answers ${r.status} instead of ${sc.expect.status}: ${text.slice(0, 140)}`;
  const type = r.headers.get('content-type') ?? '';
  if (!/^application\/json\b/.test(type)) return `answers ${r.status} with content-type "${type}" instead of application/json`;
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return `answers ${r.status} with a body that is not JSON: ${text.slice(0, 140)}`;
  }
  if (!isDeepStrictEqual(body, sc.expect.body)) return `answers ${r.status} with ${text.slice(0, 140)} instead of ${JSON.stringify(sc.expect.body)}`;
  return undefined;
}
