/**
 * Module resolve hook registered by the CLI (see ./index.ts): the bare specifier
 * `typescript`, imported from an ES module, resolves to ./typescript.js, which
 * `require`s the very file Node would have loaded; openapi-typescript's import of Redocly's
 * ref-utils resolves to ./ref-utils.js. Everything else is untouched.
 */
interface ResolveContext {
  parentURL?: string;
  conditions?: string[];
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; format?: string | null }>;

/** What openapi-typescript's own modules import from Redocly for two helpers (see ./ref-utils.ts). */
const REF_UTILS = '@redocly/openapi-core/lib/ref-utils.js';

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string; format?: string | null; shortCircuit?: boolean }> {
  if (specifier === REF_UTILS && /\/node_modules\/openapi-typescript\/dist\//.test(context.parentURL ?? '')) {
    return { url: new URL('./ref-utils.js', import.meta.url).href, format: 'module', shortCircuit: true };
  }
  const resolved = await next(specifier, context);
  if (specifier !== 'typescript' || !resolved.url.startsWith('file:') || !/\/typescript\/lib\/typescript\.js$/.test(resolved.url)) return resolved;
  const shim = new URL('./typescript.js', import.meta.url);
  shim.searchParams.set('file', resolved.url);
  return { url: shim.href, format: 'module', shortCircuit: true };
}
