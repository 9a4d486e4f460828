/**
 * Schema constructs AMF passes through that OpenAPI 3.0 (or our runtime's ajv) can't use:
 * - AMF-GAPS 14: formats `date-time-only`, `time`, `rfc2616`, RAML int8/int16/long…;
 * - AMF-GAPS 15: `patternProperties` (→ additionalProperties, warned), `type: file`,
 *   `type: "null"` / type lists, draft-3 `required: true`;
 * - AMF-GAPS 16: XSD-typed bodies (→ opaque `type: string`, warned);
 * - AMF-GAPS 17: `x-amf-examples` (→ `example`).
 */
import { locateText, warn, type ConvertContext } from '../context.js';
import { isObject, type JsonObject } from '../json.js';
import { walkDocumentSchemas } from './schema-walk.js';

const PATTERNS: Record<string, string> = {
  'date-time-only': '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$',
  time: '^\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$',
};
const INT_RANGES: Record<string, [number, number]> = { int8: [-128, 127], int16: [-32768, 32767] };

function fixFormat(schema: JsonObject): void {
  const format = schema.format;
  if (typeof format !== 'string') return;
  const pattern = PATTERNS[format];
  if (pattern !== undefined) {
    delete schema.format;
    schema.pattern ??= pattern;
    schema['x-raml-format'] = format === 'time' ? 'time-only' : 'datetime-only';
  } else if (format === 'rfc2616' || format === 'rfc3339') {
    if (format === 'rfc3339') schema.format = 'date-time';
    else {
      delete schema.format;
      schema['x-raml-format'] = 'rfc2616';
    }
  } else if (format in INT_RANGES) {
    const [min, max] = INT_RANGES[format] ?? [0, 0];
    delete schema.format;
    schema.minimum ??= min;
    schema.maximum ??= max;
  } else if (format === 'long') schema.format = 'int64';
  else if (format === 'int') schema.format = 'int32';
}

function fixNullTypes(schema: JsonObject): void {
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null');
    if (types.length < schema.type.length) schema.nullable = true;
    if (types.length === 1) schema.type = types[0];
    else {
      delete schema.type;
      if (types.length > 1) schema.anyOf = types.map((t) => ({ type: t }));
    }
  }
  if (schema.type === 'null') {
    delete schema.type;
    schema.nullable = true;
    schema.enum = [null];
  }
  for (const key of ['anyOf', 'oneOf']) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    const kept = list.filter((s) => !(isObject(s) && (s.type === 'null' || (s.nullable === true && Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null))));
    if (kept.length < list.length) {
      schema.nullable = true;
      schema[key] = kept;
    }
  }
}

function fixDraft3Required(schema: JsonObject): void {
  const properties = schema.properties;
  if (!isObject(properties)) return;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  for (const [name, prop] of Object.entries(properties)) {
    if (!isObject(prop) || typeof prop.required !== 'boolean') continue;
    if (prop.required) required.add(name);
    delete prop.required;
  }
  if (required.size > 0) schema.required = [...required];
}

export function fixSchemas(ctx: ConvertContext): void {
  walkDocumentSchemas(ctx.doc, (schema, replace) => {
    if (typeof schema['x-amf-schema'] === 'string' || (typeof schema['x-amf-mediaType'] === 'string' && schema['x-amf-mediaType'].includes('xml'))) {
      warn(ctx, 'RAML_XML_SCHEMA', 'XML Schema (XSD) body is not converted: it is typed as an opaque string', locateText(ctx, '<xs:schema'));
      const next: JsonObject = { type: 'string' };
      if (typeof schema.description === 'string') next.description = schema.description;
      replace(next);
      return;
    }
    fixFormat(schema);
    fixNullTypes(schema);
    fixDraft3Required(schema);
    delete schema.$schema;
    if (schema.type === 'file') {
      schema.type = 'string';
      schema.format = 'binary';
    }
    const patterns = schema.patternProperties;
    if (isObject(patterns)) {
      const values = Object.values(patterns);
      if (schema.additionalProperties === undefined || schema.additionalProperties === true) {
        schema.additionalProperties = values.length === 1 ? values[0] : { anyOf: values };
      }
      for (const pattern of Object.keys(patterns)) {
        warn(ctx, 'RAML_PATTERN_PROPERTIES', `Pattern property /${pattern}/ becomes additionalProperties: the key pattern is not checked`, locateText(ctx, `/${pattern}/`));
      }
      delete schema.patternProperties;
    }
    const examples = schema['x-amf-examples'];
    if (isObject(examples)) {
      const first = Object.values(examples)[0];
      if (schema.example === undefined && first !== undefined) schema.example = first;
      delete schema['x-amf-examples'];
    }
  });
}
