/** Swagger 2.0 -> OpenAPI 3.0 with swagger2openapi (the converter behind APIs.guru). */
import { createRequire } from 'node:module';
import { SpecError } from '../diagnostics.js';

const require = createRequire(import.meta.url);

export async function upgradeSwagger2(doc: Record<string, unknown>, file: string): Promise<Record<string, unknown>> {
  const converter = require('swagger2openapi') as {
    convertObj(doc: unknown, options: Record<string, unknown>): Promise<{ openapi: Record<string, unknown> }>;
  };
  try {
    const result = await converter.convertObj(structuredClone(doc), { patch: true, warnOnly: true, resolve: false, direct: false });
    return result.openapi;
  } catch (err) {
    throw new SpecError('SPEC_UPGRADE', `cannot convert Swagger 2.0 to OpenAPI 3: ${(err as Error).message.split('\n')[0]}`, { file });
  }
}
