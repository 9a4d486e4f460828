// The fixed data every benchmarked server answers with (same bytes for all of them).
export const API_KEY = 'bench-key';
export const pet = { id: 1, name: 'Rex', tag: null, status: 'available', secret: 'not in the schema' };
export const newPet = { name: 'Rex', tag: 'dog', status: 'available' };
/** What the contract lets out of `pet` (its schema's properties only: no `secret`). */
export const petOnTheWire = { id: 1, name: 'Rex', tag: null, status: 'available' };
/** The contract's answer to POST /v1/pets with `newPet`. */
export const createdOnTheWire = { id: 2, ...newPet };

/** Prints the listening URL for the parent, and closes cleanly on SIGTERM or a closed stdin. */
export function announce(url, close) {
  process.stdout.write(`READY ${url}\n`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop); // parent died or closed the pipe
  process.stdin.resume();
}
