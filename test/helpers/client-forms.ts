/**
 * The two forms a generated client ships in (issue 14): `new Client(options)` and
 * `createClient(options)` + the per-operation functions (`getPet(client, req, init)`).
 * The client e2e suites run through both; a functions-form client is a stand-in with
 * the same methods, each calling the module's function of that name.
 */
export const CLIENT_FORMS = ['Client', 'functions'] as const;
export type ClientForm = (typeof CLIENT_FORMS)[number];

export function clientFactory<C extends object, O>(
  generated: { Client: new (options: O) => C; createClient(options: O): unknown },
  form: ClientForm,
): (options: O) => C {
  if (form === 'Client') return (options) => new generated.Client(options);
  return (options) => {
    const client = generated.createClient(options);
    const functions = generated as unknown as Record<string | symbol, unknown>;
    return new Proxy({} as C, {
      get(_target, name) {
        const fn = functions[name];
        if (typeof fn !== 'function') throw new Error(`client.ts exports no function ${String(name)}`);
        return (...args: unknown[]) => (fn as (...a: unknown[]) => unknown)(client, ...args);
      },
    });
  };
}

/** A result without what differs between two identical calls (the Date header, the raw Headers object). */
export function comparable(result: { headers?: unknown; raw?: unknown }): unknown {
  const { raw: _raw, headers, ...rest } = result as { raw?: unknown; headers?: Record<string, unknown> };
  const { date: _date, ...stable } = headers ?? {};
  return { ...rest, headers: stable };
}
