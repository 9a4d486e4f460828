/** Iterates the operations of an AMF model with their path and lower-case method. */
import type { Amf } from '../amf-runtime.js';

export interface ModelOperation {
  path: string;
  method: string;
  endpoint: Amf.EndPoint;
  operation: Amf.Operation;
}

export function modelOperations(document: Amf.Document): ModelOperation[] {
  const api = document.encodes as Amf.WebApi | undefined;
  const out: ModelOperation[] = [];
  for (const endpoint of api?.endPoints ?? []) {
    for (const operation of endpoint.operations) {
      out.push({ path: endpoint.path.value(), method: operation.method.value().toLowerCase(), endpoint, operation });
    }
  }
  return out;
}
