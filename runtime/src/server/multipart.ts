import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { ServerSetupError } from './errors.js';
import type { UploadedFile } from './body-decoding.js';
import type { MultipartLimits } from './types.js';

export const DEFAULT_MULTIPART_LIMITS: Required<MultipartLimits> = { fileSize: 10 * 1024 * 1024, files: 10, fields: 100 };

/** Registers @fastify/multipart (loaded on first use: an optional peer dependency) on `scope`. */
export async function enableMultipart(scope: FastifyInstance, limits: Required<MultipartLimits>): Promise<void> {
  let plugin: unknown;
  try {
    plugin = (await import('@fastify/multipart')).default;
  } catch (cause) {
    throw new ServerSetupError('CG_PLUGIN_MISSING', 'multipart/form-data bodies need @fastify/multipart: npm install @fastify/multipart', { cause });
  }
  await scope.register(plugin as Parameters<FastifyInstance['register']>[0], {
    limits: { fileSize: limits.fileSize, files: limits.files, fields: limits.fields, parts: limits.files + limits.fields },
    throwFileSizeLimit: true,
  });
}

/** Reads every part: files as `{ filename, mimetype, data }`, fields as strings. */
export async function readMultipart(request: FastifyRequest): Promise<Array<[string, string | UploadedFile]>> {
  const out: Array<[string, string | UploadedFile]> = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      out.push([part.fieldname, { filename: part.filename, mimetype: part.mimetype, data: await part.toBuffer() }]);
    } else {
      out.push([part.fieldname, typeof part.value === 'string' ? part.value : String(part.value)]);
    }
  }
  return out;
}
