/**
 * Issue 16: client.ts writes each operation's result type out member by member (cheap for tsc)
 * instead of `ClientResult<T.XResponse, hasDefault>`. These pin every written-out result of the
 * goldens below to the runtime's ClientResult of the same response union (an unequal member,
 * status, `ok`, body, stream or headers type is a compile error of `npm run test:types`).
 * The expected side was taken from the spec (`hasDefault`: the operation documents `default`).
 */
import { expectTypeOf } from 'vitest';
import type { BinaryResponse, ClientResult } from '../../runtime/src/index.js';
import type * as C0 from '../golden/petstore/client.js';
import type * as T0 from '../golden/petstore/types.js';
import type * as C1 from '../golden/stream-3.2/client.js';
import type * as T1 from '../golden/stream-3.2/types.js';
import type * as C2 from '../golden/conformance-petstore-expanded/client.js';
import type * as T2 from '../golden/conformance-petstore-expanded/types.js';
import type * as C3 from '../golden/features-3.1/client.js';
import type * as T3 from '../golden/features-3.1/types.js';
import type * as C4 from '../golden/body-types/client.js';
import type * as T4 from '../golden/body-types/types.js';
import type * as C5 from '../golden/downloads/client.js';
import type * as T5 from '../golden/downloads/types.js';
import type * as C6 from '../golden/composition/client.js';
import type * as T6 from '../golden/composition/types.js';

/**
 * A binary member's body as the client reads it for an init `I` (issue 18.4: `BinaryResponse<I>`,
 * Uint8Array without `responseType`), in place of the handler-side `BinaryBody` union.
 */
type ReadAs<R, I = {}> = R extends { body: infer B } ? ([B] extends [import('../../runtime/src/index.js').BinaryBody] ? Omit<R, 'body'> & { body: BinaryResponse<I> } : R) : R;

// petstore
expectTypeOf<C0.ListPetsResult>().branded.toEqualTypeOf<ClientResult<T0.ListPetsResponse, true>>();
expectTypeOf<C0.CreatePetResult>().branded.toEqualTypeOf<ClientResult<T0.CreatePetResponse, false>>();
expectTypeOf<C0.GetPetResult>().branded.toEqualTypeOf<ClientResult<T0.GetPetResponse, false>>();
expectTypeOf<C0.DeletePetResult>().branded.toEqualTypeOf<ClientResult<T0.DeletePetResponse, false>>();
expectTypeOf<C0.UploadPhotoResult>().branded.toEqualTypeOf<ClientResult<T0.UploadPhotoResponse, false>>();

// stream-3.2
expectTypeOf<C1.StreamTicksResult>().branded.toEqualTypeOf<ClientResult<T1.StreamTicksResponse, false>>();
expectTypeOf<C1.StreamMessagesResult>().branded.toEqualTypeOf<ClientResult<T1.StreamMessagesResponse, false>>();
expectTypeOf<C1.StreamLogsResult>().branded.toEqualTypeOf<ClientResult<T1.StreamLogsResponse, false>>();
expectTypeOf<C1.ListItemsResult>().branded.toEqualTypeOf<ClientResult<T1.ListItemsResponse, false>>();
expectTypeOf<C1.SearchItemsResult>().branded.toEqualTypeOf<ClientResult<T1.SearchItemsResponse, false>>();
expectTypeOf<C1.GetItemResult>().branded.toEqualTypeOf<ClientResult<T1.GetItemResponse, false>>();
expectTypeOf<C1.CopyItemResult>().branded.toEqualTypeOf<ClientResult<T1.CopyItemResponse, false>>();
expectTypeOf<C1.UploadFileResult>().branded.toEqualTypeOf<ClientResult<T1.UploadFileResponse, false>>();
expectTypeOf<C1.LookupResult>().branded.toEqualTypeOf<ClientResult<T1.LookupResponse, false>>();

// conformance-petstore-expanded
expectTypeOf<C2.FindPetsResult>().branded.toEqualTypeOf<ClientResult<T2.FindPetsResponse, true>>();
expectTypeOf<C2.AddPetResult>().branded.toEqualTypeOf<ClientResult<T2.AddPetResponse, true>>();
expectTypeOf<C2.FindPetByIdResult>().branded.toEqualTypeOf<ClientResult<T2.FindPetByIdResponse, true>>();
expectTypeOf<C2.DeletePetResult>().branded.toEqualTypeOf<ClientResult<T2.DeletePetResponse, true>>();

// features-3.1
expectTypeOf<C3.GetItemResult>().branded.toEqualTypeOf<ClientResult<T3.GetItemResponse, false>>();
expectTypeOf<C3.PutItemResult>().branded.toEqualTypeOf<ClientResult<T3.PutItemResponse, false>>();
expectTypeOf<C3.ItemsOptionsResult>().branded.toEqualTypeOf<ClientResult<T3.ItemsOptionsResponse, false>>();
expectTypeOf<C3.ItemsHeadResult>().branded.toEqualTypeOf<ClientResult<T3.ItemsHeadResponse, false>>();
expectTypeOf<C3.ItemsTraceResult>().branded.toEqualTypeOf<ClientResult<ReadAs<T3.ItemsTraceResponse>, false>>();
expectTypeOf<C3.ItemsTraceResult<{ responseType: 'stream' }>>().branded.toEqualTypeOf<ClientResult<ReadAs<T3.ItemsTraceResponse, { responseType: 'stream' }>, false>>();

// body-types
expectTypeOf<C4.AddPetResult>().branded.toEqualTypeOf<ClientResult<T4.AddPetResponse, false>>();
expectTypeOf<C4.PutNotesResult>().branded.toEqualTypeOf<ClientResult<T4.PutNotesResponse, false>>();
expectTypeOf<C4.GetInfoResult>().branded.toEqualTypeOf<ClientResult<T4.GetInfoResponse, false>>();
expectTypeOf<C4.PutInfoResult>().branded.toEqualTypeOf<ClientResult<T4.PutInfoResponse, false>>();
expectTypeOf<C4.GetCountResult>().branded.toEqualTypeOf<ClientResult<T4.GetCountResponse, false>>();
expectTypeOf<C4.SetRatioResult>().branded.toEqualTypeOf<ClientResult<T4.SetRatioResponse, false>>();
expectTypeOf<C4.GetReportResult>().branded.toEqualTypeOf<ClientResult<T4.GetReportResponse, false>>();
expectTypeOf<C4.PlaceOrderResult>().branded.toEqualTypeOf<ClientResult<T4.PlaceOrderResponse, false>>();
expectTypeOf<C4.AddItemResult>().branded.toEqualTypeOf<ClientResult<T4.AddItemResponse, false>>();

// downloads
expectTypeOf<C5.DownloadFileResult>().branded.toEqualTypeOf<ClientResult<ReadAs<T5.DownloadFileResponse>, false>>();

// composition
expectTypeOf<C6.CreateShapeResult>().branded.toEqualTypeOf<ClientResult<T6.CreateShapeResponse, false>>();
expectTypeOf<C6.ListAnimalsResult>().branded.toEqualTypeOf<ClientResult<T6.ListAnimalsResponse, false>>();
expectTypeOf<C6.GetTreeResult>().branded.toEqualTypeOf<ClientResult<T6.GetTreeResponse, false>>();
