/**
 * The only file of the page that knows how generated operations are called. Today that is a method
 * of the generated `Client`; when the generator emits per-operation functions (issue 14:
 * `createClient(options)` + `getPet(api, req, init)`), only the bodies below change.
 */
import type { ClientOptions } from '@contractgen/runtime/client';
import { Client as DownloadsClient } from '../../golden/downloads/client.js';
import { Client as FeaturesClient } from '../../golden/features-3.1/client.js';
import { Client as PetstoreClient } from '../../golden/petstore/client.js';
import { Client as StreamsClient } from '../../golden/stream-3.2/client.js';

type Calls<C, K extends keyof C> = { [P in K]: C[P] };

export type PetstoreCalls = Calls<PetstoreClient, 'listPets' | 'createPet' | 'getPet' | 'deletePet' | 'uploadPhoto'>;
export type FeaturesCalls = Calls<FeaturesClient, 'getItem' | 'putItem' | 'itemsOptions' | 'itemsHead' | 'itemsTrace'>;
export type DownloadsCalls = Calls<DownloadsClient, 'downloadFile'>;
export type StreamsCalls = Calls<StreamsClient, 'streamTicks' | 'streamLogs'>;

export function petstoreCalls(options: ClientOptions): PetstoreCalls {
  const client = new PetstoreClient(options);
  return {
    listPets: (req, init) => client.listPets(req, init),
    createPet: (req, init) => client.createPet(req, init),
    getPet: (req, init) => client.getPet(req, init),
    deletePet: (req, init) => client.deletePet(req, init),
    uploadPhoto: (req, init) => client.uploadPhoto(req, init),
  };
}

export function featuresCalls(options: ClientOptions): FeaturesCalls {
  const client = new FeaturesClient(options);
  return {
    getItem: (req, init) => client.getItem(req, init),
    putItem: (req, init) => client.putItem(req, init),
    itemsOptions: (req, init) => client.itemsOptions(req, init),
    itemsHead: (req, init) => client.itemsHead(req, init),
    itemsTrace: (req, init) => client.itemsTrace(req, init),
  };
}

export function downloadsCalls(options: ClientOptions): DownloadsCalls {
  const client = new DownloadsClient(options);
  return {
    downloadFile: (req, init) => client.downloadFile(req, init),
  };
}

export function streamsCalls(options: ClientOptions): StreamsCalls {
  const client = new StreamsClient(options);
  return {
    streamTicks: (req, init) => client.streamTicks(req, init),
    streamLogs: (req, init) => client.streamLogs(req, init),
  };
}
