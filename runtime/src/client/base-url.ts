/**
 * Server URL variables (issue 13.12). Imported by generated code only when a
 * server URL of the spec has variables; `connection.ts` resolves the base URL.
 */
import { InvalidOptionsError } from '../resilience/errors.js';
import { encodeStrict } from './encode.js';

/**
 * The server URL with its variables substituted (issue 13.12). A value stays inside
 * the part of the URL its placeholder is in, so a tenant name can never move the
 * request (and its credentials) to another host:
 * - in the scheme: `http` or `https`;
 * - in the authority (host, port): host and port characters only (letters, digits,
 *   `.-_~:[]`) — no `/ ? # @ \ %` — so the URL parser refuses anything that would
 *   end the host early (`127.0.0.1:9999/` in `https://{tenant}.example.com`); a value
 *   may carry a path (`/v1`) only when its placeholder ends the authority
 *   (`https://{host}{basePath}`);
 * - in the path: each segment percent-encoded (`?`, `#` and `%` cannot start a query,
 *   a fragment or an escape); `.` and `..` segments are refused.
 * A user-supplied value must be one of the variable's `enum` when it has one.
 */
export function serverUrl(
  template: string,
  variables: Record<string, { default: string; enum?: string[] }>,
  overrides: Record<string, string>,
): string {
  const schemeEnd = template.indexOf('://');
  const authorityStart = schemeEnd === -1 ? 0 : schemeEnd + 3;
  const pathStart = schemeEnd === -1 ? 0 : firstOutsidePlaceholders(template, authorityStart, /[/?#]/);
  return template.replace(/\{([^}]+)\}/g, (match, name: string, offset: number) => {
    const variable = Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined;
    const given = Object.prototype.hasOwnProperty.call(overrides, name) ? overrides[name] : undefined;
    const value = given ?? variable?.default;
    if (value === undefined) throw new InvalidOptionsError('serverVariables', `no value for server variable "${name}"`);
    if (given !== undefined && variable?.enum !== undefined && !variable.enum.includes(given)) {
      throw new InvalidOptionsError('serverVariables', `"${given}" is not one of ${variable.enum.join(', ')} for "${name}"`);
    }
    const refuse = (why: string): never => {
      throw new InvalidOptionsError('serverVariables', `the value of "${name}" ${why}: it would change the server's origin`);
    };
    if (schemeEnd !== -1 && offset < schemeEnd) {
      if (!/^https?$/i.test(value)) refuse('is not http or https');
      return value;
    }
    if (offset < pathStart) {
      const cut = value.indexOf('/');
      const authority = cut === -1 ? value : value.slice(0, cut);
      if (!/^[A-Za-z0-9._~:[\]-]*$/.test(authority)) refuse('has characters a host or port cannot have');
      if (cut === -1) return value;
      if (offset + match.length !== pathStart) refuse('puts a path inside the host');
      return authority + pathValue(value.slice(cut), refuse);
    }
    return pathValue(value, refuse);
  });
}

/** The index of the first character matching `stop` after `from`, outside `{…}` placeholders. */
function firstOutsidePlaceholders(template: string, from: number, stop: RegExp): number {
  let inside = false;
  for (let i = from; i < template.length; i++) {
    const c = template[i]!;
    if (c === '{') inside = true;
    else if (c === '}') inside = false;
    else if (!inside && stop.test(c)) return i;
  }
  return template.length;
}

function pathValue(value: string, refuse: (why: string) => never): string {
  return value
    .split('/')
    .map((segment) => {
      if (segment === '.' || segment === '..') refuse('has a dot segment');
      return encodeStrict(segment);
    })
    .join('/');
}
