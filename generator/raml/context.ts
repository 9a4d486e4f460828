/** What every post-processing step gets: the document being fixed, AMF's models, and the warning sink. */
import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import type { Amf, AmfModule } from './amf-runtime.js';
import type { JsonObject } from './json.js';
import { elementLocation } from './source-location.js';
import { findInSources, type SourceReader } from './source-search.js';

export interface ConvertContext {
  amf: AmfModule;
  /** Absolute path of the root RAML file. */
  rootFile: string;
  /** Every file read, for text searches when AMF keeps no position. */
  files: string[];
  /** Reads one of `files` (source-search.ts sourceReader). */
  read: SourceReader;
  /** OAS 3.0 document rendered from the resolved model; fixed in place. */
  doc: JsonObject;
  /** OAS 3.0 rendering of the unresolved model (keeps `x-amf-merge` inheritance and `$ref`s). */
  unresolved: JsonObject;
  /** The parsed, unresolved RAML model (never transformed). */
  parsed: Amf.Document;
  /** The resolved model (traits, resource types and libraries applied). */
  resolved: Amf.Document;
  oasConfig: Amf.AMFConfiguration;
  /** `get /path` → the displayName of the resolved operation, read before the OAS compatibility pipeline suffixes repeated ones (`_0`, `_1`, …). */
  displayNames: Map<string, string>;
  warnings: Diagnostic[];
}

/** What the whole-document steps (run again after an incremental merge) need. */
export type DocContext = Pick<ConvertContext, 'rootFile' | 'files' | 'read' | 'doc' | 'warnings'>;

export function warn(ctx: DocContext, code: string, message: string, location: SourceLocation): void {
  ctx.warnings.push({ code, message, location });
}

export function locate(ctx: ConvertContext, element: { annotations(): Amf.Annotations } | undefined): SourceLocation {
  return elementLocation(element, ctx.rootFile);
}

/** The first place `needle` is written in the spec's files, or the root file. */
export function locateText(ctx: DocContext, needle: string): SourceLocation {
  return findInSources(ctx.files, ctx.rootFile, needle, ctx.read);
}
