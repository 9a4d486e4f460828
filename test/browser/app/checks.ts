/**
 * The checks the page runs in the browser. Each returns what it observed (plain JSON); the test
 * compares that with what the contract says, one test per check, so a failure names the check.
 * The narrowing below (`res.status === 200` → `res.body.name`) is type-checked with the page.
 */
import { AbortedError, isContractgenError, NetworkError, TimeoutError } from '@contractgen/runtime/client';
import { downloadsCalls, featuresCalls, petstoreCalls, streamsCalls } from './calls.js';
import { SEEN_PATH, type PageConfig } from './protocol.js';

export type Check = readonly [name: string, run: () => Promise<unknown>];

/** What the page reports for an error: its stable code and class, never a raw fetch TypeError. */
function caught(error: unknown): Record<string, unknown> {
  return {
    code: isContractgenError(error) ? error.code : undefined,
    contractgenError: isContractgenError(error),
    timeoutError: error instanceof TimeoutError,
    abortedError: error instanceof AbortedError,
    networkError: error instanceof NetworkError,
    message: error instanceof Error ? error.message : String(error),
    reason: (error as { reason?: unknown } | null)?.reason,
  };
}

/** Runs a call that must reject; reports its error (or that it resolved). */
async function rejection(call: () => Promise<{ status: number }>): Promise<Record<string, unknown>> {
  try {
    const res = await call();
    return { resolved: res.status };
  } catch (error) {
    return caught(error);
  }
}

/** A status the check did not expect: report it (and its body) instead of going on. */
function unexpected(res: { status: number; body?: unknown }): { unexpectedStatus: number; body: unknown } {
  return { unexpectedStatus: res.status, body: res.body };
}

/** How many (non-preflight) requests for `url` the API servers have received so far. */
async function serverSaw(url: string): Promise<number> {
  const res = await fetch(`${SEEN_PATH}?url=${encodeURIComponent(url)}`);
  return (await res.json()) as number;
}

/** Polls `condition` until it holds; false after a generous hang guard. */
async function waitFor(condition: () => Promise<boolean>, guardMs = 30_000): Promise<boolean> {
  const end = Date.now() + guardMs;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

const bytesOf = async (blob: Blob): Promise<number[]> => [...new Uint8Array(await blob.arrayBuffer())];

export function checks(config: PageConfig): Check[] {
  const petstore = petstoreCalls({ baseUrl: config.petstore, auth: { apiKey: config.apiKey } });
  const retrying = petstoreCalls({ baseUrl: config.petstore, auth: { apiKey: config.apiKey }, retry: { count: 2, interval: 10 } });
  const bearer = petstoreCalls({ baseUrl: config.petstore, auth: { bearer: config.bearer } });
  const refused = petstoreCalls({ baseUrl: config.petstoreWithoutApiKeyCors, auth: { apiKey: config.apiKey } });
  const features = featuresCalls({ baseUrl: config.features });
  const downloads = downloadsCalls({ baseUrl: config.downloads });
  const streams = streamsCalls({ baseUrl: config.streams, auth: { apiKey: config.apiKey } });

  return [
    [
      'typed results per status',
      async () => {
        const created = await petstore.createPet({ body: { name: 'Rex', tag: 'dog', status: 'available' } });
        if (created.status !== 201) return unexpected(created);
        const id: number = created.body.id;
        const got = await petstore.getPet({ path: { petId: id } });
        if (got.status !== 200) return unexpected(got);
        const name: string = got.body.name;
        return {
          created: { status: created.status, ok: created.ok, documented: created.documented, idType: typeof id, name: created.body.name },
          got: { status: got.status, ok: got.ok, documented: got.documented, name, tag: got.body.tag ?? null, contentType: got.raw.headers.get('content-type') },
        };
      },
    ],
    [
      'documented response header, exposed by CORS',
      async () => {
        const list = await petstore.listPets({ query: { limit: 10 } });
        if (list.status !== 200) return unexpected(list);
        const total: number | undefined = list.headers['X-Total-Count'];
        return { status: list.status, total, totalType: typeof total, names: list.body.map((p) => p.name) };
      },
    ],
    [
      '404 member',
      async () => {
        const res = await petstore.getPet({ path: { petId: config.ids.missing } });
        if (res.status !== 404) return unexpected(res);
        return { status: res.status, ok: res.ok, documented: res.documented, title: res.body.title, detail: res.body.detail ?? null, contentType: res.raw.headers.get('content-type') };
      },
    ],
    [
      'undocumented status',
      async () => {
        const res = await petstore.getPet({ path: { petId: config.ids.teapot } });
        if (res.documented) return unexpected(res);
        return { status: res.status, ok: res.ok, documented: res.documented, body: res.body, contentType: res.contentType ?? null };
      },
    ],
    ['a gateway reply without CORS headers', () => rejection(() => petstore.getPet({ path: { petId: config.ids.bareGateway } }))],
    [
      // the call carries the API key: fetch would follow to the other origin with it, so the client asks
      // fetch not to follow (redirect: 'manual'); the browser hides the target (an opaque redirect)
      'a cross-origin redirect of a call carrying the API key',
      async () => ({
        error: await rejection(() => petstore.getPet({ path: { petId: config.ids.crossOrigin } })),
        targetRequested: await serverSaw(config.redirectTarget),
      }),
    ],
    ['timeout', () => rejection(() => petstore.getPet({ path: { petId: config.ids.slow } }, { timeout: 250 }))],
    [
      'abort',
      async () => {
        const slowUrl = `${new URL(config.petstore).pathname}/pets/${config.ids.slow}`;
        const arrived = await serverSaw(slowUrl);
        const controller = new AbortController();
        const during = rejection(() => petstore.getPet({ path: { petId: config.ids.slow } }, { signal: controller.signal }));
        // abort once the server holds the request (not after a guessed delay)
        const onTheWire = await waitFor(async () => (await serverSaw(slowUrl)) > arrived);
        controller.abort();
        const before = await rejection(() => petstore.getPet({ path: { petId: 1 } }, { signal: AbortSignal.abort() }));
        return { onTheWire, during: await during, before };
      },
    ],
    [
      'multipart upload with a File',
      async () => {
        const pet = await petstore.createPet({ body: { name: 'Photogenic' } });
        if (pet.status !== 201) return unexpected(pet);
        const file = new File([new Uint8Array([137, 80, 78, 71])], 'photo.png', { type: 'image/png' });
        const res = await petstore.uploadPhoto({ path: { petId: pet.body.id }, body: { file, caption: 'smile' } });
        return { status: res.status, petId: pet.body.id };
      },
    ],
    [
      'binary download as a Blob',
      async () => {
        const blob = await downloads.downloadFile({ path: { name: config.file.name } }, { responseType: 'blob' });
        if (blob.status !== 200) return unexpected(blob);
        const checksum: string | undefined = blob.headers['X-Checksum'];
        const version: number | undefined = blob.headers['X-Version'];
        const body = blob.body;
        const plain = await downloads.downloadFile({ path: { name: config.file.name } });
        if (plain.status !== 200) return unexpected(plain);
        const stream = await downloads.downloadFile({ path: { name: config.file.name } }, { responseType: 'stream' });
        if (stream.status !== 200) return unexpected(stream);
        const streamed: unknown = stream.body;
        return {
          blob: body instanceof Blob ? { type: body.type, bytes: await bytesOf(body) } : { notABlob: Object.prototype.toString.call(body) },
          checksum,
          version,
          defaultIsUint8Array: plain.body instanceof Uint8Array,
          stream: streamed instanceof ReadableStream ? await bytesOf(await new Response(streamed).blob()) : { notAStream: Object.prototype.toString.call(streamed) },
        };
      },
    ],
    [
      'retry on 503',
      async () => {
        const res = await retrying.getPet({ path: { petId: config.ids.flaky } });
        if (res.status !== 200) return unexpected(res);
        return { status: res.status, name: res.body.name };
      },
    ],
    [
      'Authorization (bearer) through the preflight',
      async () => {
        const pet = await petstore.createPet({ body: { name: 'Short-lived' } });
        if (pet.status !== 201) return unexpected(pet);
        const res = await bearer.deletePet({ path: { petId: pet.body.id } });
        return { status: res.status, documented: res.documented };
      },
    ],
    ['CORS refusal is a typed network error', () => rejection(() => refused.createPet({ body: { name: 'Nope' } }))],
    [
      'streaming upload over HTTP/1.1',
      () =>
        rejection(() =>
          petstore.uploadPhoto({
            path: { petId: 1 },
            contentType: 'application/octet-stream',
            // docs/client.md lists ReadableStream among binary bodies; the generated type (Binary) does not (FINDINGS.md)
            body: new ReadableStream<Uint8Array>({
              start(controller) {
                controller.enqueue(new Uint8Array([1, 2, 3]));
                controller.close();
              },
            }) as unknown as Blob,
          }),
        ),
    ],
    [
      'features: query styles and a cookie parameter',
      async () => {
        const res = await features.getItem({ path: { id: 'a-1' }, query: { fields: ['name', 'price'], filter: { kind: 'item', min: 2 } }, cookies: { session: 's1' } });
        if (res.status !== 200) return unexpected(res);
        return { status: res.status, name: res.body.name, price: res.body.price ?? null };
      },
    ],
    [
      'features: 404 without content',
      async () => {
        const res = await features.getItem({ path: { id: 'zz' } });
        if (res.status !== 404) return unexpected(res);
        return { status: res.status, ok: res.ok, documented: res.documented, bodyIsUndefined: (res as { body?: unknown }).body === undefined };
      },
    ],
    [
      'features: request and response media types',
      async () => {
        const item = { id: 'b-2', kind: 'item' as const, name: null, meta: { a: 1, b: 'x', c: true } };
        const json = await features.putItem({ path: { id: 'b-2' }, body: item });
        if (json.status !== 200 || json.contentType !== 'application/json') return unexpected(json);
        const text = await features.putItem({ path: { id: 'b-2' }, contentType: 'text/plain', body: 'hello' });
        if (text.status !== 200 || text.contentType !== 'text/plain') return unexpected(text);
        const textBody: string = text.body;
        const form = await features.putItem({ path: { id: 'b-2' }, contentType: 'application/x-www-form-urlencoded', body: { name: 'n', count: 3 } });
        return { json: json.body, text: textBody, form: { status: form.status, documented: form.documented } };
      },
    ],
    [
      'features: OPTIONS operation',
      async () => {
        const res = await features.itemsOptions();
        if (res.status !== 204) return unexpected(res);
        return { status: res.status, allow: res.headers.Allow };
      },
    ],
    [
      'features: HEAD',
      async () => {
        const res = await features.itemsHead();
        return { status: res.status, bodyIsUndefined: (res as { body?: unknown }).body === undefined };
      },
    ],
    ['features: TRACE is refused by the browser', () => rejection(() => features.itemsTrace())],
    [
      'an SSE stream of typed events (fetch streams)',
      async () => {
        const res = await streams.streamTicks({ query: { count: 200 } });
        if (res.status !== 200) return unexpected(res);
        const ids: string[] = [];
        let seqSum = 0;
        let notes = 0;
        let first: unknown;
        for await (const e of res.events) {
          first ??= e;
          const seq: number = e.data.seq;
          seqSum += seq;
          if (e.event === 'note') notes++;
          ids.push(e.id ?? '');
        }
        const logs = await streams.streamLogs({ query: { count: 30 } });
        if (logs.status !== 200) return unexpected(logs);
        let levels = 0;
        for await (const item of logs.items) levels += item.level;
        return { status: res.status, contentType: res.contentType, count: ids.length, firstId: ids[0], lastId: ids.at(-1), seqSum, notes, first, logs: { contentType: logs.contentType, levels } };
      },
    ],
    [
      'an SSE stream aborted mid-way',
      async () => {
        const controller = new AbortController();
        const res = await streams.streamTicks({ query: { count: 100000 } }, { signal: controller.signal });
        if (res.status !== 200) return unexpected(res);
        let count = 0;
        try {
          for await (const _ of res.events) if (++count === 20) controller.abort();
          return { count, aborted: false };
        } catch (error) {
          return { count, ...caught(error) };
        }
      },
    ],
  ];
}
