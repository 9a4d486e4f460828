/** Finds the AMF SecurityScheme behind each name used in the rendered document. */
import type { Amf } from '../amf-runtime.js';
import type { ConvertContext } from '../context.js';

type Unit = { declares?: unknown[]; references(): Amf.BaseUnit[] };

/** AMF's exported classes are not the runtime prototypes (`instanceof` fails): duck-type. */
function isSecurityScheme(value: unknown): value is Amf.SecurityScheme {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return 'settings' in v && 'queryString' in v && 'responses' in v && 'headers' in v && !('operations' in v);
}

function collectDeclared(ctx: ConvertContext, unit: Unit, into: Map<string, Amf.SecurityScheme>, seen: Set<unknown>): void {
  if (seen.has(unit)) return;
  seen.add(unit);
  for (const entry of unit.declares ?? []) {
    // A scheme declared as `!include fragment.raml` is a link: use its target.
    const declared = (entry as { linkTarget?: unknown }).linkTarget ?? entry;
    if (isSecurityScheme(declared)) {
      const name = (entry as { name?: { value(): string } }).name?.value() || declared.name.value();
      if (!into.has(name)) into.set(name, declared);
    }
  }
  for (const ref of unit.references()) collectDeclared(ctx, ref as unknown as Unit, into, seen);
}

export function securitySchemesByName(ctx: ConvertContext): Map<string, Amf.SecurityScheme> {
  const schemes = new Map<string, Amf.SecurityScheme>();
  // Declarations first: in RAML 0.8 the copies on resolved operations lose their OAuth2 flows.
  collectDeclared(ctx, ctx.parsed as unknown as Unit, schemes, new Set());
  const api = ctx.resolved.encodes as Amf.WebApi;
  const requirements: Amf.SecurityRequirement[] = [...api.security];
  for (const endpoint of api.endPoints) for (const op of endpoint.operations) requirements.push(...op.security);
  for (const requirement of requirements) {
    for (const parametrized of requirement.schemes) {
      const scheme = parametrized.scheme as Amf.SecurityScheme | undefined;
      const name = parametrized.name.value();
      if (scheme && name && !schemes.has(name)) schemes.set(name, scheme);
    }
  }
  return schemes;
}
