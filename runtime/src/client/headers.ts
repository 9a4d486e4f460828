/**
 * A `Headers` over a plain record, for the client's own requests and the Node
 * transports' responses. It behaves as the WHATWG class does for everything a
 * caller can see — names case-insensitive and listed lower-case in sorted
 * order, values checked (TypeError for a bad name or value) and trimmed,
 * `append` joining with ", ", Set-Cookie kept apart (`getSetCookie()`) — but
 * costs a few property writes instead of Node's bundled undici `Headers`
 * (WebIDL conversions, a sorted list per read), which came to about a fifth of
 * a call's own CPU. The transports read the record directly (`headerRecord`).
 * test/runtime/client/headers.test.ts checks it against the WHATWG class.
 */

import { HEADER_RECORD, type RecordSource } from './transport.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What no header value may hold (after trimming; past U+00FF it is not a byte string), and the whitespace trimmed from its ends. */
const FORBIDDEN_IN_VALUE = /[\0\r\n\u0100-\uffff]/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const SET_COOKIE = 'set-cookie';
/** Names the client's own code looks up (all valid and lower-case): a miss needs no check. */
const OWN_NAMES = new Set(['content-type', 'content-length', 'content-encoding', 'location', 'set-cookie', 'retry-after', 'cookie', 'accept', 'authorization', 'last-event-id']);

function checkedName(name: string): string {
  const text = String(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers: invalid header name "${text}"`);
  return text.toLowerCase();
}

function checkedValue(name: string, value: string): string {
  let text = String(value);
  if (text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32)) text = text.replace(EDGE_WHITESPACE, '');
  if (FORBIDDEN_IN_VALUE.test(text)) throw new TypeError(`Headers: invalid value for header "${name}"`);
  return text;
}

/**
 * Sorts header names in place, as `Array.prototype.sort` would: insertion sort for the few names
 * a response has (V8's sort copies the array into a work area each time: ~0.9 kB per call).
 */
function sortNames(names: string[]): string[] {
  if (names.length > 16) return names.sort();
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!;
    let j = i - 1;
    while (j >= 0 && names[j]! > name) {
      names[j + 1] = names[j]!;
      j--;
    }
    names[j + 1] = name;
  }
  return names;
}

type HeadersIterable<T> = HeadersIterator<T>;

export class HeaderMap implements Headers, RecordSource {
  /** Lower-case name → value (Set-Cookie's values joined, as `get` returns them). */
  #record: Record<string, string> = Object.create(null) as Record<string, string>;
  #cookies: string[] | undefined = undefined;

  constructor(init?: HeadersInit | HeaderMap) {
    if (init === undefined) return;
    if (init instanceof HeaderMap) {
      Object.assign(this.#record, init.#record);
      if (init.#cookies !== undefined) this.#cookies = [...init.#cookies];
    } else if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const pair of init as Iterable<readonly string[]>) {
        if (pair.length !== 2) throw new TypeError('Headers: each header must be a [name, value] pair');
        this.append(pair[0]!, pair[1]!);
      }
    } else {
      const record = init as Record<string, string>;
      for (const name of Object.keys(record)) this.append(name, record[name]!);
    }
  }

  /**
   * The headers of a Node response (names lower-case, repeated headers as arrays: undici, node:http),
   * taken as they are: the HTTP parser has already checked and trimmed them.
   */
  static fromNode(raw: Record<string, string | string[] | undefined>): HeaderMap {
    const headers = new HeaderMap();
    const record = headers.#record;
    // each name once, already lower-case (both parsers make it so)
    for (const name in raw) {
      const value = raw[name];
      if (typeof value === 'string') {
        record[name] = value;
        if (name === SET_COOKIE) headers.#cookies = [value];
      } else if (value !== undefined && value.length > 0) {
        record[name] = value.join(', ');
        if (name === SET_COOKIE) headers.#cookies = [...value];
      }
    }
    return headers;
  }

  /** The record itself (lower-case names; do not change it): what the Node transports send. */
  record(): Readonly<Record<string, string>> {
    return this.#record;
  }

  /** The record for fetch (transport.ts reads it through this symbol, without importing this module). */
  [HEADER_RECORD](): Readonly<Record<string, string>> {
    return this.#record;
  }

  append(name: string, value: string): void {
    const key = checkedName(name);
    const text = checkedValue(key, value);
    const record = this.#record;
    record[key] = key in record ? `${record[key]}, ${text}` : text;
    if (key === SET_COOKIE) (this.#cookies ??= []).push(text);
  }

  set(name: string, value: string): void {
    const key = checkedName(name);
    const text = checkedValue(key, value);
    this.#record[key] = text;
    if (key === SET_COOKIE) this.#cookies = [text];
  }

  delete(name: string): void {
    const key = checkedName(name);
    delete this.#record[key];
    if (key === SET_COOKIE) this.#cookies = undefined;
  }

  get(name: string): string | null {
    const value = this.#record[name];
    if (value !== undefined) return value;
    // absent under this spelling: a name the client itself asks for is valid and lower-case already
    return OWN_NAMES.has(name) ? null : (this.#record[checkedName(name)] ?? null);
  }

  has(name: string): boolean {
    return this.#record[name] !== undefined || (!OWN_NAMES.has(name) && this.#record[checkedName(name)] !== undefined);
  }

  getSetCookie(): string[] {
    return this.#cookies === undefined ? [] : [...this.#cookies];
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    const record = this.#record;
    const names = Object.keys(record);
    sortNames(names);
    for (const name of names) {
      if (name === SET_COOKIE && this.#cookies !== undefined) for (const value of [...this.#cookies]) callback.call(thisArg, value, name, this);
      else if (record[name] !== undefined) callback.call(thisArg, record[name], name, this);
    }
  }

  /** Sorted by name; each Set-Cookie value on its own (the WHATWG order). */
  #pairs(): Array<[string, string]> {
    const record = this.#record;
    const out: Array<[string, string]> = [];
    for (const name of sortNames(Object.keys(record))) {
      if (name === SET_COOKIE && this.#cookies !== undefined) for (const value of this.#cookies) out.push([name, value]);
      else out.push([name, record[name]!]);
    }
    return out;
  }

  entries(): HeadersIterable<[string, string]> {
    return this.#pairs().values() as HeadersIterable<[string, string]>;
  }

  keys(): HeadersIterable<string> {
    return this.#pairs()
      .map(([name]) => name)
      .values() as HeadersIterable<string>;
  }

  values(): HeadersIterable<string> {
    return this.#pairs()
      .map(([, value]) => value)
      .values() as HeadersIterable<string>;
  }

  [Symbol.iterator](): HeadersIterable<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

/** Any Headers as a plain record of lower-case names (the HeaderMap's own record when it is one). */
export function headerRecord(headers: Headers): Readonly<Record<string, string>> {
  if (headers instanceof HeaderMap) return headers.record();
  const out = Object.create(null) as Record<string, string>;
  headers.forEach((_value, name) => {
    out[name] ??= headers.get(name)!;
  });
  return out;
}
