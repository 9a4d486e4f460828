/**
 * AMF parse/validation results → warnings, or one SpecError (several violations go in `details`).
 */
import { SpecError, type Diagnostic } from '../diagnostics.js';
import type { Amf } from './amf-runtime.js';
import { OUTSIDE_ROOT_MARKER } from './sandbox-loader.js';
import { rangeLocation } from './source-location.js';

export interface ReportOptions {
  /** RAML 0.8 uses `schema:` legitimately; AMF still warns that it is deprecated. */
  ramlVersion: '0.8' | '1.0';
  /** Treat invalid examples as warnings instead of errors (AMF-GAPS 1): resolved per version (RAML 0.8: true unless set). */
  lenientExamples: boolean;
}

function codeFor(result: Amf.AMFValidationResult): string {
  const id = result.validationId;
  if (result.message.includes(OUTSIDE_ROOT_MARKER)) return 'RAML_INCLUDE_OUTSIDE_ROOT';
  if (id.endsWith('#unequal-media-type-definitions-in-extends-payloads')) return 'RAML_MEDIA_TYPE_MERGE';
  if (id.endsWith('#example-validation-error')) return 'RAML_EXAMPLE_INVALID';
  if (id.endsWith('#invalid-required-array-for-schema-version')) return 'RAML_SCHEMA_DRAFT_MISMATCH';
  return 'RAML_INVALID';
}

function messageFor(result: Amf.AMFValidationResult, code: string): string {
  let message = result.message.replace(/^(?:Spec)?Error: /, '');
  if (code === 'RAML_INCLUDE_OUTSIDE_ROOT') message = message.replace(`${OUTSIDE_ROOT_MARKER}: `, 'Include refused: ');
  if (code === 'RAML_MEDIA_TYPE_MERGE') {
    message += ' (AMF limitation: give the resourceType/trait body an explicit media type, as the method body has)';
  }
  if (code === 'RAML_SCHEMA_DRAFT_MISMATCH') {
    message += ": the schema declares draft-03 but uses draft-04 `required` arrays; it is read as draft-04";
  }
  return message;
}

export function toDiagnostic(result: Amf.AMFValidationResult, rootFile: string, code = codeFor(result)): Diagnostic {
  return { code, message: messageFor(result, code), location: rangeLocation(result.location, result.position, rootFile) };
}

/**
 * Splits AMF results into warnings (returned) and violations (thrown as one SpecError).
 * An include refused by the sandbox also yields a generic "Unresolved reference" for the
 * same spot; that duplicate is dropped.
 */
export function checkResults(results: Amf.AMFValidationResult[], rootFile: string, options: ReportOptions): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const seen = new Set<string>();
  const refusedAt = new Set<string>();
  for (const result of results) {
    const code = codeFor(result);
    const diagnostic = toDiagnostic(result, rootFile, code);
    const where = `${diagnostic.location?.file}:${diagnostic.location?.line}:${diagnostic.location?.column}`;
    const key = `${where}|${diagnostic.message}`;
    if (seen.has(key)) continue;
    if (options.ramlVersion === '0.8' && result.validationId.endsWith('#schema-deprecated')) continue;
    seen.add(key);
    if (code === 'RAML_INCLUDE_OUTSIDE_ROOT') refusedAt.add(where);
    const isViolation = result.severityLevel === 'Violation';
    if (!isViolation) warnings.push({ ...diagnostic, code: code === 'RAML_INVALID' ? 'RAML_AMF_WARNING' : code });
    else if (code === 'RAML_SCHEMA_DRAFT_MISMATCH') warnings.push(diagnostic);
    else if (code === 'RAML_EXAMPLE_INVALID' && options.lenientExamples) warnings.push(diagnostic);
    else if (code === 'RAML_EXAMPLE_INVALID') errors.push({ ...diagnostic, message: `${diagnostic.message} (an example that breaks its type; RAML 1.0 requires examples to validate: fix it, or pass --lenient-examples / lenientExamples: true to report it as a warning)` });
    else errors.push(diagnostic);
  }
  const kept = errors.filter((d) => {
    if (d.code !== 'RAML_INVALID' || !d.message.startsWith('Unresolved reference')) return true;
    return !refusedAt.has(`${d.location?.file}:${d.location?.line}:${d.location?.column}`);
  });
  const first = kept[0];
  if (first !== undefined) {
    const more = kept.length > 1 ? ` (and ${kept.length - 1} more error${kept.length > 2 ? 's' : ''})` : '';
    throw new SpecError(first.code, `${first.message}${more}`, first.location, kept);
  }
  return warnings;
}
