/**
 * A tiny synchronous event emitter. A listener that throws does not affect the
 * request being processed nor the other listeners.
 */
export class Listeners<E> {
  readonly #listeners = new Set<(event: E) => void>();

  add(listener: (event: E) => void): () => void {
    // wrap so the same function can be added twice and removed independently
    const entry = (event: E): void => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(event: E): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // listeners observe; they never change a policy's outcome
      }
    }
  }
}
