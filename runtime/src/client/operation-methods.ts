/**
 * Makes the per-operation functions of a generated client.ts the methods of its `Client`:
 * `client.getPet(req, init)` runs `getPet(client, req, init)`. The generated class calls this from a
 * pure-annotated static initializer (`static #methods = /* @__PURE__ *\/ operationMethods(this, { … })`),
 * so the methods exist as soon as the class does, and a bundler still drops the class, and every
 * function only it uses, when an app imports the functions alone. The methods' types are the
 * interface merged with the class (a bodiless class is far cheaper for tsc than 800 method bodies).
 */
import type { ApiClient } from './connection.js';

type OperationFunction = (client: ApiClient, req: unknown, init: unknown) => unknown;

/** Defines one method per entry of `operations` on `target.prototype` (non-enumerable, like a class method, and named after it). */
export function operationMethods(target: { prototype: ApiClient }, operations: object): void {
  for (const [name, fn] of Object.entries(operations) as Array<[string, OperationFunction]>) {
    // a computed method name gives the function its `name` (stack traces read `Client.getPet`)
    const method = { [name](this: ApiClient, req: unknown, init: unknown) { return fn(this, req, init); } }[name];
    Object.defineProperty(target.prototype, name, { value: method, writable: true, configurable: true, enumerable: false });
  }
}
