/**
 * Type tests for createSink (checked by `npm run test:types`, never run): the record type is
 * inferred from the operation (the body's item type in batch mode, the body in single mode), the
 * result callback gets the operation's union, and wrong records or modes do not compile.
 */
import { expectTypeOf } from 'vitest';
import { createSink, type Sink } from '@contractgen/runtime/sink';
import { Client, ingestEvent, ingestEvents, type IngestEventResult, type IngestEventsResult } from '../../golden/sink/client.js';
import type { Event, IngestEventsRequest } from '../../golden/sink/types.js';

const api = new Client({ baseUrl: 'http://127.0.0.1:1' });

// batch mode: a record is one item of the array body
const batch = createSink(ingestEvents, api, {
  mode: 'batch',
  batchSize: 500,
  toRequest: (records) => {
    expectTypeOf(records).toEqualTypeOf<Event[]>();
    return { body: records, headers: { 'X-Source': 'test' } };
  },
  onResult: (result, records) => {
    expectTypeOf(result).toEqualTypeOf<IngestEventsResult>();
    expectTypeOf(records).toEqualTypeOf<readonly Event[]>();
    if (result.status === 202) expectTypeOf(result.body.accepted).toEqualTypeOf<number>();
    if (result.status === 503) expectTypeOf(result.body.title).toEqualTypeOf<string>();
  },
  onError: (error, records) => {
    expectTypeOf(error).toEqualTypeOf<unknown>();
    expectTypeOf(records).toEqualTypeOf<readonly Event[]>();
  },
});
expectTypeOf(batch).toEqualTypeOf<Sink<Event>>();
void batch.write({ id: 1, type: 'click' });
// @ts-expect-error a record of the wrong type
void batch.write({ id: '1', type: 'click' });
// @ts-expect-error an array is a body, not a record
void batch.write([{ id: 1, type: 'click' }]);

// toRequest may be left out when { body } alone is a valid request
createSink(ingestEvents, api, { mode: 'batch', onResult: () => undefined });

// single mode: a record is the body
const single = createSink(ingestEvent, api, {
  mode: 'single',
  onResult: (result, records) => {
    expectTypeOf(result).toEqualTypeOf<IngestEventResult>();
    expectTypeOf(records).toEqualTypeOf<readonly Event[]>();
  },
});
expectTypeOf(single).toEqualTypeOf<Sink<Event>>();
// @ts-expect-error a record of the wrong type
void single.write({ id: 1, type: 'scroll' });

// toRequest must return the operation's request
createSink(ingestEvents, api, {
  mode: 'batch',
  // @ts-expect-error `events` is not the request's body
  toRequest: (records) => ({ events: records }),
  onResult: () => undefined,
});

// batch mode needs an array body
// @ts-expect-error ingestEvent takes one Event, not an array
createSink(ingestEvent, api, { mode: 'batch', onResult: () => undefined });

// the api handle must be the operation's
// @ts-expect-error not a Client
createSink(ingestEvents, { baseUrl: 'x' }, { mode: 'batch', onResult: () => undefined });

// the per-request init has no signal (the sink's own `signal` aborts it)
createSink(ingestEvents, api, {
  mode: 'batch',
  onResult: () => undefined,
  // @ts-expect-error use the sink's signal option
  init: { signal: new AbortController().signal },
});

// onResult is required (Flink's request callback: a batch's outcome is never silently dropped)
// @ts-expect-error onResult missing
createSink(ingestEvents, api, { mode: 'batch' });

export type { IngestEventsRequest };
