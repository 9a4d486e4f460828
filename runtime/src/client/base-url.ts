import type { ApiSpec } from '../spec.js';
import { InvalidOptionsError } from '../resilience/errors.js';

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

export interface BaseUrlOptions {
  baseUrl?: string;
  baseUrls?: string[];
  serverVariables?: Record<string, string>;
}

/**
 * The base URLs requests go to: `baseUrls`, else `baseUrl`, else the spec's
 * first server with its variables resolved (`serverVariables` over the
 * defaults). A relative server URL is resolved against the page in a browser;
 * elsewhere it needs `baseUrl`. Trailing slashes are removed.
 */
export function resolveBaseUrls(api: ApiSpec, options: BaseUrlOptions): string[] {
  if (options.baseUrls !== undefined && options.baseUrl !== undefined) {
    throw new InvalidOptionsError('baseUrls', 'give baseUrl or baseUrls, not both');
  }
  if (options.baseUrls !== undefined) {
    if (options.baseUrls.length === 0) throw new InvalidOptionsError('baseUrls', 'expected at least one URL');
    return options.baseUrls.map((url) => checkUrl('baseUrls', url));
  }
  if (options.baseUrl !== undefined) return [checkUrl('baseUrl', options.baseUrl)];
  const server = api.servers[0];
  if (server === undefined) {
    throw new InvalidOptionsError('baseUrl', `the spec "${api.title}" declares no servers: give baseUrl`);
  }
  const url = serverUrl(server.url, server.variables, options.serverVariables ?? {});
  if (ABSOLUTE.test(url)) return [checkUrl('baseUrl', url)];
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  if (typeof page === 'string') return [checkUrl('baseUrl', new URL(url, page).href)];
  throw new InvalidOptionsError('baseUrl', `the spec's server URL "${url}" is relative: give an absolute baseUrl`);
}

function serverUrl(
  template: string,
  variables: Record<string, { default: string; enum?: string[] }>,
  overrides: Record<string, string>,
): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const variable = variables[name];
    const value = overrides[name] ?? variable?.default;
    if (value === undefined) throw new InvalidOptionsError('serverVariables', `no value for server variable "${name}"`);
    if (overrides[name] !== undefined && variable?.enum !== undefined && !variable.enum.includes(value)) {
      throw new InvalidOptionsError('serverVariables', `"${value}" is not one of ${variable.enum.join(', ')} for "${name}"`);
    }
    return value;
  });
}

function checkUrl(option: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidOptionsError(option, `"${url}" is not an absolute URL`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new InvalidOptionsError(option, `"${url}" must not have a query or a fragment`);
  }
  return url.replace(/\/+$/, '');
}
