/**
 * The key of a client handle's connection: a module of its own, so code that needs the key pulls
 * no connection code. The browser entry (`core.ts`) does not re-export it (`./client` does):
 * a browser app then reaches no module the lazily loaded full client uses.
 */
export const CONNECTION: unique symbol = Symbol.for('contractgen.client.connection') as never;
