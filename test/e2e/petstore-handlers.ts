/**
 * A user's own handler file for the generated Petstore server: the only code a
 * user writes. The compiler checks it against the generated `Handlers`.
 */
import { HttpError } from '@contractgen/runtime/server';
import type { Handlers } from '../golden/petstore/server.js';
import type { Pet } from '../golden/petstore/types.js';

export function createHandlers(): Handlers & { store: Map<number, Pet>; photos: Map<number, { type: string; size: number; caption?: string }> } {
  const store = new Map<number, Pet>();
  const photos = new Map<number, { type: string; size: number; caption?: string }>();
  let nextId = 1;
  return {
    store,
    photos,
    async listPets(req) {
      const limit = req.query?.limit ?? 20;
      const tags = req.query?.tags;
      const status = req.query?.status;
      const pets = [...store.values()].filter((p) => (!status || p.status === status) && (!tags || (p.tag != null && tags.includes(p.tag))));
      return { status: 200, body: pets.slice(0, limit), headers: { 'X-Total-Count': pets.length } };
    },
    async createPet(req) {
      if (store.size >= 100) return { status: 409, body: { title: 'Store full', status: 409 } };
      const pet: Pet = { ...req.body, id: nextId++ };
      store.set(pet.id, pet);
      return { status: 201, body: pet };
    },
    async getPet(req) {
      const pet = store.get(req.path.petId);
      if (!pet) return { status: 404, body: { title: 'Not found', status: 404, detail: `no pet ${req.path.petId}` } };
      return { status: 200, body: pet };
    },
    async deletePet(req) {
      if (!store.delete(req.path.petId)) throw new HttpError(404, { title: 'Not found', status: 404 });
      return { status: 204 };
    },
    async uploadPhoto(req) {
      if (!store.has(req.path.petId)) throw new HttpError(404, { title: 'Not found', status: 404 });
      if (req.contentType === 'application/octet-stream') {
        const body = req.body;
        photos.set(req.path.petId, { type: 'application/octet-stream', size: body instanceof Blob ? body.size : body.byteLength });
      } else {
        const file = req.body.file;
        const info = { type: file instanceof Blob ? file.type : 'bytes', size: file instanceof Blob ? file.size : file.byteLength };
        photos.set(req.path.petId, req.body.caption === undefined ? info : { ...info, caption: req.body.caption });
      }
      return { status: 204 };
    },
  };
}
