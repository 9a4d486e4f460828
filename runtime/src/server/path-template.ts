import { ServerSetupError } from './errors.js';

export interface RoutePath {
  /** The find-my-way pattern: `/pets/:p0`, `/files/:p0(.+).:p1(.+)`. */
  url: string;
  /** Fastify param name (`p0`, …) -> the spec's parameter name. */
  params: Map<string, string>;
}

const PARAM = /\{([^{}]+)\}/g;

/** Escapes a literal path piece for find-my-way: `:` is written `::`; `*` and `(` can't be literal. */
function literal(piece: string, template: string): string {
  if (/[*()]/.test(piece)) {
    throw new ServerSetupError('CG_SCHEMA_COMPILE', `path ${template}: '*', '(' and ')' are not supported in literal path text`);
  }
  return piece.replaceAll(':', '::');
}

/**
 * Turns an OpenAPI path template into a Fastify route path. Parameters get positional names
 * (`p0`, `p1`, …) so any spec name is safe; a segment mixing text and parameters (`{a}.{b}`,
 * `file-{id}.json`, `{name}:cancel`) uses lazy regex parameters bounded by the segment.
 */
export function toRoutePath(template: string): RoutePath {
  const params = new Map<string, string>();
  let n = 0;
  const segments = template.split('/').map((segment) => {
    const whole = /^\{([^{}]+)\}$/.exec(segment);
    if (whole) {
      const id = `p${n++}`;
      params.set(id, whole[1] as string);
      return `:${id}`;
    }
    let out = '';
    let last = 0;
    for (const m of segment.matchAll(PARAM)) {
      out += literal(segment.slice(last, m.index), template);
      const id = `p${n++}`;
      params.set(id, m[1] as string);
      out += `:${id}(.+)`;
      last = m.index + m[0].length;
    }
    return out + literal(segment.slice(last), template);
  });
  return { url: segments.join('/'), params };
}
