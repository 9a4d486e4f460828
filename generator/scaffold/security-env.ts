/**
 * The scaffolded main.ts configures every security scheme the spec's operations use from
 * environment variables, so a secured operation works once the variables are set (without
 * them, register() warns at startup — CG_SECURITY_UNCONFIGURED — and those operations answer 401).
 */
import type { ApiModel } from '../model/types.js';

export interface SchemeEnv {
  /** The scheme's name as in `components.securitySchemes` (printed with `str`). */
  name: string;
  /** Comment lines: what the scheme is and which variables configure it. */
  doc: string[];
  /** Environment variable names (A-Z, 0-9, _ only). */
  env: Record<string, string>;
  /** The local variable holding the main environment variable's value. */
  variable: string;
  apiKey?: true;
  basic?: true;
  jwt?: true;
  mutualTls?: true;
  /** A scheme the runtime cannot verify from a variable (http digest, say): left as a comment. */
  manual?: true;
}

function envName(scheme: string, suffix: string): string {
  const base = scheme
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return `${/^[A-Z]/.test(base) ? base : `AUTH_${base}`}_${suffix}`;
}

export function securityEnv(model: ApiModel): SchemeEnv[] {
  const used = new Set<string>();
  for (const op of model.operations) for (const requirement of op.security) for (const name of Object.keys(requirement)) used.add(name);
  const out: SchemeEnv[] = [];
  for (const name of [...used].sort()) {
    const scheme = model.securitySchemes[name];
    if (!scheme) continue;
    if (scheme.type === 'apiKey') {
      const env = { keys: envName(name, 'KEYS') };
      out.push({ name, env, variable: `keys${out.length}`, apiKey: true, doc: [`${name}: API key in ${scheme.in} ${JSON.stringify(scheme.name)}. ${env.keys}: the accepted keys, comma-separated (compared in constant time).`] });
    } else if (scheme.type === 'http' && scheme.scheme.toLowerCase() === 'basic') {
      const env = { users: envName(name, 'USERS') };
      out.push({ name, env, variable: `users${out.length}`, basic: true, doc: [`${name}: HTTP Basic. ${env.users}: user:password pairs, comma-separated (compared in constant time).`] });
    } else if ((scheme.type === 'http' && scheme.scheme.toLowerCase() === 'bearer') || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      const env = { jwksUrl: envName(name, 'JWKS_URL'), issuer: envName(name, 'ISSUER'), audience: envName(name, 'AUDIENCE'), algorithms: envName(name, 'ALGORITHMS') };
      const what = scheme.type === 'http' ? 'HTTP bearer tokens' : scheme.type === 'oauth2' ? 'OAuth 2.0 access tokens' : `OpenID Connect tokens (discovery: ${scheme.openIdConnectUrl})`;
      out.push({
        name,
        env,
        variable: `jwks${out.length}`,
        jwt: true,
        doc: [`${name}: ${what}, verified as JWTs. ${env.jwksUrl}: the issuer's JWKS URL; ${env.issuer}, ${env.audience}: expected claims (optional); ${env.algorithms}: allowed algorithms (default RS256).`],
      });
    } else if (scheme.type === 'mutualTLS') {
      out.push({ name, env: {}, variable: `tls${out.length}`, mutualTls: true, doc: [`${name}: mutual TLS. Give createListener tls: { cert, key, ca, requestCert: true }; any CA-verified client certificate passes.`] });
    } else {
      out.push({ name, env: {}, variable: `manual${out.length}`, manual: true, doc: [`${name}: ${scheme.type} ${'scheme' in scheme ? scheme.scheme : ''}: configure it by hand (a verify function), see the README's security section.`] });
    }
  }
  return out;
}
