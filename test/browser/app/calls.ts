/**
 * The only file of the page that knows how generated operations are called: the form the
 * generator ships for bundles, `createClient(options)` + the per-operation functions
 * (`getPet(api, req, init)`, issue 14). The `Client` class is the same functions behind methods.
 */
import type { ClientOptions } from '@contractgen/runtime/client';
import * as downloads from '../../golden/downloads/client.js';
import * as features from '../../golden/features-3.1/client.js';
import * as petstore from '../../golden/petstore/client.js';
import * as streams from '../../golden/stream-3.2/client.js';

type Calls<C, K extends keyof C> = { [P in K]: C[P] };

export type PetstoreCalls = Calls<petstore.Client, 'listPets' | 'createPet' | 'getPet' | 'deletePet' | 'uploadPhoto'>;
export type FeaturesCalls = Calls<features.Client, 'getItem' | 'putItem' | 'itemsOptions' | 'itemsHead' | 'itemsTrace'>;
export type DownloadsCalls = Calls<downloads.Client, 'downloadFile'>;
export type StreamsCalls = Calls<streams.Client, 'streamTicks' | 'streamLogs'>;

export function petstoreCalls(options: ClientOptions): PetstoreCalls {
  const api = petstore.createClient(options);
  return {
    listPets: (req, init) => petstore.listPets(api, req, init),
    createPet: (req, init) => petstore.createPet(api, req, init),
    getPet: (req, init) => petstore.getPet(api, req, init),
    deletePet: (req, init) => petstore.deletePet(api, req, init),
    uploadPhoto: (req, init) => petstore.uploadPhoto(api, req, init),
  };
}

export function featuresCalls(options: ClientOptions): FeaturesCalls {
  const api = features.createClient(options);
  return {
    getItem: (req, init) => features.getItem(api, req, init),
    putItem: (req, init) => features.putItem(api, req, init),
    itemsOptions: (req, init) => features.itemsOptions(api, req, init),
    itemsHead: (req, init) => features.itemsHead(api, req, init),
    itemsTrace: (req, init) => features.itemsTrace(api, req, init),
  };
}

export function downloadsCalls(options: ClientOptions): DownloadsCalls {
  const api = downloads.createClient(options);
  return {
    downloadFile: (req, init) => downloads.downloadFile(api, req, init),
  };
}

export function streamsCalls(options: ClientOptions): StreamsCalls {
  const api = streams.createClient(options);
  return {
    streamTicks: (req, init) => streams.streamTicks(api, req, init),
    streamLogs: (req, init) => streams.streamLogs(api, req, init),
  };
}
