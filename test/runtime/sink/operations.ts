/**
 * Today's generated client is a class; issue 14 turns each operation into a function
 * `(api, req, init) => Promise<result>`, which is what createSink takes. These wrappers are that
 * function for the sink fixture (fixtures/openapi/sink.yaml, golden test/golden/sink). When the
 * generator emits the functions, import `ingestEvents` / `ingestEvent` from the golden client
 * instead and delete this file: the tests do not change otherwise.
 */
import type { CallInit } from '@contractgen/runtime/client';
import type { Client, IngestEventResult, IngestEventsResult } from '../../golden/sink/client.js';
import type { IngestEventRequest, IngestEventsRequest } from '../../golden/sink/types.js';

export const ingestEvents = (api: Client, req: IngestEventsRequest, init?: CallInit): Promise<IngestEventsResult> => api.ingestEvents(req, init);
export const ingestEvent = (api: Client, req: IngestEventRequest, init?: CallInit): Promise<IngestEventResult> => api.ingestEvent(req, init);
