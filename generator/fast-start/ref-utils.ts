/**
 * The two functions openapi-typescript's modules import from `@redocly/openapi-core/lib/ref-utils.js`
 * (`parseRef`, `escapePointer`), for the CLI only (./hooks.ts sends those imports here). The real
 * module's `require('./utils')` loads js-yaml, minimatch, an HTTPS proxy agent, debug and pluralize —
 * about 50 CommonJS files and ~0.1 s of a first run — for two one-line helpers. Same code as
 * @redocly/openapi-core 1.34 (MIT); test/generator/ref-utils-shim.test.ts holds both functions to the
 * real ones and checks that openapi-typescript imports nothing else from that module.
 */
export function escapePointer<T extends string | number>(fragment: T): T extends number ? number : string;
export function escapePointer(fragment: string | number): string | number {
  if (typeof fragment === 'number') return fragment;
  return fragment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(fragment: string): string {
  return decodeURIComponent(fragment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function parseRef(ref: string): { uri: string | null; pointer: string[] } {
  const [uri = '', pointer = ''] = ref.split('#/');
  return {
    uri: (uri.endsWith('#') ? uri.slice(0, -1) : uri) || null,
    pointer: pointer
      .split('/')
      .map(unescapePointer)
      .filter((p) => !!p),
  };
}
