import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Bounds of a lingering close: after the answer, at most `timeMs` in all, at most `idleMs` without
 * a byte from the client, at most `bytes` read and thrown away.
 */
export interface LingerLimits {
  timeMs: number;
  idleMs: number;
  bytes: number;
}

/** nginx's idea (`lingering_close`, `lingering_time` 30 s, `lingering_timeout` 5 s), shorter bounds. */
export const LINGER_DEFAULTS: LingerLimits = { timeMs: 10_000, idleMs: 2_000, bytes: 64 * 1024 * 1024 };

const CHECK_MS = 100;
const lingering = new WeakSet<Socket>();

/**
 * A lingering close for the connection of `raw`, a request whose body has not been read to its end
 * when it is answered with `Connection: close` (413, a body Fastify could not parse, a multipart
 * limit): Node's HTTP server closes such a socket right after the answer while the client is still
 * sending, the kernel answers the unread bytes with a TCP RST, and the RST can overtake the answer —
 * the client sees ECONNRESET/EPIPE instead of the 413. Here the socket's `destroySoon` (which the
 * server calls after a last response) half-closes it instead (FIN after the answer) and keeps
 * reading and throwing away what the client sends — the HTTP parser still consumes it, the request
 * is already dumped — until the client closes its side, or a bound of {@link LingerLimits} is
 * reached; then the socket is destroyed. Nothing changes when the request is complete by the time
 * the server closes, for HTTP/2, or for a socket already lingering. Costs nothing per request: it
 * runs only on such answers.
 */
export function lingerOnClose(raw: IncomingMessage, limits: LingerLimits = LINGER_DEFAULTS): void {
  const socket = raw.socket as Socket | null;
  if (raw.complete || raw.httpVersionMajor !== 1 || !socket || socket.destroyed || lingering.has(socket)) return;
  if (typeof socket.destroySoon !== 'function') return;
  lingering.add(socket);
  const own = socket.destroySoon;
  socket.destroySoon = function lingeringDestroySoon(this: Socket): void {
    if (raw.complete || this.destroyed) return own.call(this);
    if (this.writable) this.end();
    linger(this, limits);
  };
}

function linger(socket: Socket, limits: LingerLimits): void {
  const start = Date.now();
  const first = socket.bytesRead;
  const every = Math.min(CHECK_MS, limits.idleMs);
  let seen = first;
  // Quiet is counted in checks, not by the clock: a process that was not scheduled for a while (a
  // loaded machine) has not read what the client sent meanwhile, and must not take it for silence.
  let quiet = 0;
  const stop = (): void => {
    clearInterval(timer);
    socket.destroy();
  };
  const timer = setInterval(() => {
    const read = socket.bytesRead;
    quiet = read === seen ? quiet + 1 : 0;
    seen = read;
    if (quiet * every >= limits.idleMs || read - first >= limits.bytes || Date.now() - start >= limits.timeMs) stop();
  }, every);
  timer.unref();
  // The client closed its side (or the connection broke): nothing more will come.
  socket.once('end', stop);
  socket.once('close', () => clearInterval(timer));
  socket.on('error', stop);
  // Reading may have been paused for back-pressure on the answer; the answer is out now.
  socket.resume();
}
