/**
 * The generated Ingest server (test/golden/sink) on 127.0.0.1, port 0, with handlers the sink tests
 * steer: what each request carried, how many were in flight at once, scripted answers, and a gate
 * that holds requests (a slow server) until the test opens it.
 */
import { createListener } from '@contractgen/runtime/server';
import { register } from '../../golden/sink/server.js';
import type { Event, IngestEventResponse, IngestEventsResponse } from '../../golden/sink/types.js';

export const API_KEY = 'sink-key';

/** A scripted answer for the next request: a status (with a problem body), or 'hold' (wait at the gate). */
export type Step = 202 | 201 | 400 | 503 | 'hold';

export interface IngestServer {
  url: string;
  /** Bodies as they arrived (attempts included: a retried batch appears once per attempt). */
  received: Event[][];
  /** Most requests in flight at once. */
  maxActive: number;
  /** Answers for the next requests, in order; afterwards 202 (batch) / 201 (single). */
  script: Step[];
  /** Holds the requests whose body matches at the gate until `open()`. */
  holdWhen: ((events: Event[]) => boolean) | undefined;
  /** Holds every request arriving from now on at the gate until `open()` (`hold(false)`: no longer, the held ones stay). */
  hold(on?: boolean): void;
  /** Opens the gate: held requests answer, new ones pass. */
  open(): void;
  /** Lets the held requests whose body matches answer (the gate stays closed for the others). */
  release(predicate: (events: Event[]) => boolean): void;
  /** Requests waiting at the gate now. */
  readonly waiting: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startIngestServer(): Promise<IngestServer> {
  let active = 0;
  let holding = false;
  let gate: Array<{ events: Event[]; resolve: () => void }> = [];
  const state = {
    received: [] as Event[][],
    maxActive: 0,
    script: [] as Step[],
    holdWhen: undefined as ((events: Event[]) => boolean) | undefined,
  };
  async function arrive(events: Event[]): Promise<Step | undefined> {
    state.received.push(events);
    active += 1;
    state.maxActive = Math.max(state.maxActive, active);
    const step = state.script.shift();
    if (holding || step === 'hold' || state.holdWhen?.(events) === true) await new Promise<void>((resolve) => gate.push({ events, resolve }));
    active -= 1;
    return step === 'hold' ? undefined : step;
  }
  const problem = (status: 400 | 503) => ({ title: status === 503 ? 'busy' : 'bad batch', status });
  const listener = await createListener({ host: '127.0.0.1', port: 0 }, (app) =>
    register(
      app,
      {
        async ingestEvents(req): Promise<IngestEventsResponse> {
          const step = await arrive(req.body);
          if (step === 400 || step === 503) return { status: step, body: problem(step) };
          return { status: 202, body: { accepted: req.body.length } };
        },
        async ingestEvent(req): Promise<IngestEventResponse> {
          const step = await arrive([req.body]);
          if (step === 400) return { status: step, body: problem(step) };
          return { status: 201, body: { accepted: 1 } };
        },
      },
      { security: { apiKey: { keys: [API_KEY] } } },
    ),
  );
  const server: IngestServer = {
    url: listener.url,
    get received() {
      return state.received;
    },
    get maxActive() {
      return state.maxActive;
    },
    get script() {
      return state.script;
    },
    set script(steps: Step[]) {
      state.script = steps;
    },
    get holdWhen() {
      return state.holdWhen;
    },
    set holdWhen(predicate) {
      state.holdWhen = predicate;
    },
    get waiting() {
      return gate.length;
    },
    hold(on = true) {
      holding = on;
    },
    open() {
      holding = false;
      server.release(() => true);
    },
    release(predicate) {
      const released = gate.filter((g) => predicate(g.events));
      gate = gate.filter((g) => !released.includes(g));
      for (const g of released) g.resolve();
    },
    reset() {
      server.open();
      state.received = [];
      state.maxActive = 0;
      state.script = [];
      state.holdWhen = undefined;
    },
    async close() {
      server.open();
      // An aborted request leaves the client's pool with a connection that never sends a request
      // (undici's fetch reconnects); it would keep app.close() waiting for its keep-alive timeout.
      const closing = listener.close();
      listener.server.closeAllConnections();
      await closing;
    },
  };
  return server;
}
