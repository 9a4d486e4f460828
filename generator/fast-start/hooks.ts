/**
 * Module resolve hook registered by the CLI (see ./index.ts): the bare specifier
 * `typescript`, imported from an ES module, resolves to ./typescript.js, which
 * `require`s the very file Node would have loaded. Everything else is untouched.
 */
interface ResolveContext {
  parentURL?: string;
  conditions?: string[];
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; format?: string | null }>;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string; format?: string | null; shortCircuit?: boolean }> {
  const resolved = await next(specifier, context);
  if (specifier !== 'typescript' || !resolved.url.startsWith('file:') || !/\/typescript\/lib\/typescript\.js$/.test(resolved.url)) return resolved;
  const shim = new URL('./typescript.js', import.meta.url);
  shim.searchParams.set('file', resolved.url);
  return { url: shim.href, format: 'module', shortCircuit: true };
}
