/**
 * Spec names -> TypeScript identifiers. Deterministic, collision-free within
 * a scope, never a reserved word, never starting with a digit. Every name the
 * emitters print goes through here (or through escape.ts for non-identifiers).
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield any boolean constructor declare get ' +
    'module require number set string symbol type from of async await never unknown object undefined keyof infer ' +
    'readonly is asserts satisfies accessor abstract bigint unique global namespace arguments eval NaN Infinity ' +
    'Object Function Array String Number Boolean Symbol Promise Error Date RegExp Map Set Record Partial Required ' +
    'Pick Omit Exclude Extract NonNullable ReturnType Readonly Uint8Array Blob FormData Response Request Headers'
  ).split(' '),
);

/** Split a spec name into words: `get_pet-byID` -> [get, pet, by, ID]. */
export function words(name: string): string[] {
  const cleaned = name
    .normalize('NFKC')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return cleaned.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function finish(id: string, fallback: string): string {
  let out = id.length > 0 ? id : fallback;
  if (/^\p{N}/u.test(out)) out = `_${out}`;
  // Only characters valid in an identifier survive `words`; strip anything else defensively.
  out = out.replace(/[^\p{ID_Continue}$]/gu, '');
  if (!/^[\p{ID_Start}_$]/u.test(out)) out = `_${out}`;
  if (RESERVED.has(out)) out = `${out}_`;
  return out;
}

/** `get pet by id` -> `GetPetById` */
export function pascalCase(name: string, fallback = 'Unnamed'): string {
  return finish(
    words(name)
      .map((w) => capitalize(w.toLowerCase() === w || w.toUpperCase() !== w ? w : w.toLowerCase()))
      .join(''),
    fallback,
  );
}

/** `Get_pet-by ID` -> `getPetById` */
export function camelCase(name: string, fallback = 'unnamed'): string {
  const parts = words(name);
  const [first, ...rest] = parts;
  if (first === undefined) return finish('', fallback);
  const head = first.toUpperCase() === first && first.length > 1 ? first.toLowerCase() : first.charAt(0).toLowerCase() + first.slice(1);
  return finish(head + rest.map((w) => capitalize(w.toUpperCase() === w && w.length > 1 ? w.toLowerCase() : w)).join(''), fallback);
}

/**
 * Hands out unique identifiers in one scope. A name that is already taken gets
 * a numeric suffix (`getPet`, `getPet2`, …) — deterministic as long as names
 * are claimed in a deterministic order.
 */
export class NameScope {
  private readonly taken = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r.toLowerCase());
  }
  /**
   * Claims `base + suffix` for every suffix at once, bumping the base (`Foo`, `Foo2`, …)
   * until all of them are free: an operation's Request/Response/Result types share one base.
   */
  claimFamily(base: string, suffixes: readonly string[]): string {
    let candidate = base;
    for (let n = 2; suffixes.some((s) => this.taken.has(`${candidate}${s}`.toLowerCase())); n++) candidate = `${base}${n}`;
    for (const s of suffixes) this.taken.add(`${candidate}${s}`.toLowerCase());
    return candidate;
  }

  claim(base: string): string {
    // Case-insensitive: `getPet` and `GetPet` must not both exist as files or confuse readers.
    let candidate = base;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${base}${n}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}

/** Method name for an operation without an operationId: `get /pets/{petId}` -> `getPetsByPetId`. */
export function operationNameFromPath(method: string, path: string): string {
  const segments = path.split('/').filter((s) => s.length > 0);
  const parts = segments.map((s) => {
    const m = /^\{(.+)\}$/.exec(s);
    return m ? `by ${m[1]}` : s;
  });
  return camelCase(`${method.toLowerCase()} ${parts.join(' ')}`, method.toLowerCase());
}
