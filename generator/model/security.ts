import type { SecuritySchemeSpec } from '@contractgen/runtime/spec';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const scopes = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(o(v)).map(([k, d]) => [k, String(d ?? '')]));

/** components.securitySchemes -> runtime descriptors; unknown types are skipped (the model builder warns). */
export function securitySchemes(raw: Obj, deref: <T>(v: unknown) => T): Record<string, SecuritySchemeSpec> {
  const out: Record<string, SecuritySchemeSpec> = {};
  // own data properties: `out[name] = …` with a scheme named `__proto__` would set the prototype
  const set = (name: string, spec: SecuritySchemeSpec) => Object.defineProperty(out, name, { value: spec, enumerable: true, writable: true, configurable: true });
  for (const [name, value] of Object.entries(raw)) {
    const s = deref<Obj>(value);
    switch (s['type']) {
      case 'http': {
        const scheme = String(s['scheme'] ?? '').toLowerCase();
        set(name, scheme === 'bearer' && typeof s['bearerFormat'] === 'string' ? { type: 'http', scheme, bearerFormat: s['bearerFormat'] } : { type: 'http', scheme });
        break;
      }
      case 'apiKey': {
        const where = String(s['in']);
        if (where === 'header' || where === 'query' || where === 'cookie') set(name, { type: 'apiKey', in: where, name: String(s['name'] ?? '') });
        break;
      }
      case 'oauth2': {
        const flows = o(s['flows']);
        const f: Extract<SecuritySchemeSpec, { type: 'oauth2' }>['flows'] = {};
        const cc = o(flows['clientCredentials']);
        if (typeof cc['tokenUrl'] === 'string') f.clientCredentials = { tokenUrl: cc['tokenUrl'], scopes: scopes(cc['scopes']) };
        const ac = o(flows['authorizationCode']);
        if (typeof ac['tokenUrl'] === 'string') f.authorizationCode = { authorizationUrl: String(ac['authorizationUrl'] ?? ''), tokenUrl: ac['tokenUrl'], scopes: scopes(ac['scopes']) };
        const im = o(flows['implicit']);
        if (typeof im['authorizationUrl'] === 'string') f.implicit = { authorizationUrl: im['authorizationUrl'], scopes: scopes(im['scopes']) };
        const pw = o(flows['password']);
        if (typeof pw['tokenUrl'] === 'string') f.password = { tokenUrl: pw['tokenUrl'], scopes: scopes(pw['scopes']) };
        set(name, { type: 'oauth2', flows: f });
        break;
      }
      case 'openIdConnect':
        set(name, { type: 'openIdConnect', openIdConnectUrl: String(s['openIdConnectUrl'] ?? '') });
        break;
      case 'mutualTLS':
        set(name, { type: 'mutualTLS' });
        break;
      default:
        break;
    }
  }
  return out;
}
