/**
 * <out>/client.ts: `createClient(options)` and one function per operation
 * (`getPet(client, req, init)`), each with only its own descriptor beside it, so
 * a bundler keeps what an app calls and drops the rest; the runtime code an
 * operation needs (auth, body encoders) is imported only when some operation
 * needs it and reaches the bundle only with that operation. `class Client`
 * (plus an alias named after the API title) has those functions as its methods:
 * their types are an interface merged with the bodiless class, the functions go
 * on the prototype from a pure static initializer (runtime `operationMethods`).
 */
import { defaultAccept, type ApiSpec, type OperationSpec } from '@contractgen/runtime/spec';
import { dataLiteral, jsonParseText, literal, str } from '../escape.js';
import type { ApiModel } from '../model/types.js';
import { render } from '../render/handlebars.js';
import { clientApiSpec } from './api-spec.js';
import { clientResultImports, clientResultType, readsBinary } from './client-result.js';
import { fileHeader, type EmitContext, type EmittedFile } from './context.js';
import { operationDocs } from './server.js';

/** Above this many bytes of descriptors, each is `JSON.parse('…')` (cheap for the type checker and V8). */
const JSON_THRESHOLD = 100_000;

export function emitClient(model: ApiModel, ctx: EmitContext): EmittedFile {
  const spec = clientApiSpec(model, ctx);
  // each with its Accept header precomputed: the browser micro core then carries no code to derive it
  const descriptors = model.operations.map((op): OperationSpec => {
    const descriptor = spec.operations[op.name]!;
    return { ...descriptor, accept: defaultAccept(descriptor.responses) ?? '' };
  });
  const asJson = JSON.stringify(descriptors).length > JSON_THRESHOLD;
  const used = new Set<Plugin>();
  const sets = new Map<string, Plugin[]>();
  const pluginsOf = descriptors.map((descriptor) => {
    const plugins = operationPlugins(descriptor);
    for (const p of plugins) used.add(p);
    // every operation passes a set (an empty one too): the Client form then uses exactly the same code
    const setName = `$with${plugins.map((p) => p.suffix).join('') || 'Core'}`;
    sets.set(setName, plugins);
    return setName;
  });
  // the module's own locals first; a descriptor (`$getPet`) named like one of them (an operation
  // `info`, `withPath`, `applyAuth`) takes a numbered name instead
  const locals = new Set(['$info', '$call', '$op', '$operationMethods', '$clientApi', '$connect', '$serverUrl', '$withRedirects', ...Object.values(PLUGINS).map((p) => `$${p.name}`), ...sets.keys()]);
  const descriptorName = (name: string): string => {
    let local = `$${name}`;
    for (let n = 2; locals.has(local); n++) local = `$${name}${n}`;
    locals.add(local);
    return local;
  };
  const operations = model.operations.map((op, i) => {
    const view = ctx.operationTypes(op);
    const descriptor = descriptors[i]!;
    const setName = pluginsOf[i]!;
    return {
      name: op.name,
      descriptorName: descriptorName(op.name),
      descriptor: asJson ? `/* @__PURE__ */ $parse_op('${jsonParseText(JSON.stringify(descriptor))}')` : literal(descriptor),
      typed: !asJson,
      plugins: `, ${setName}`,
      requestName: view.requestName,
      resultName: `${op.typeName}Result`, // claimed with the operation's other type names (model/build.ts)
      resultType: clientResultType(op, view),
      // a binary response: the call's init is a type parameter, so `responseType` picks the body's type
      ...(readsBinary(op) ? { typeParams: '<I extends CallInit = {}>', initType: 'I', resultArgs: '<I>' } : { typeParams: '', initType: 'CallInit', resultArgs: '' }),
      defaultArg: view.requestOptional ? ' = {}' : '',
      optionalMark: view.requestOptional ? '?' : '',
      docs: operationDocs(op),
    };
  });
  const pluginSets = [...sets].map(([name, plugins]) => ({ name, value: `{${plugins.map((p) => ` ${p.key}: $${p.name}`).join(',')} }` }));
  const clientPlugins = connectPlugins(spec);
  // the lean entry: `./client` re-exports modules only optional features use, which a bundler
  // would then put in the start chunk beside the lazy one
  const imports = ['call as $call', 'clientApi as $clientApi', 'connect as $connect', 'type ApiClient', 'type ApiInfo', 'type CallInit', 'type ClientOptions', 'type Plugins'];
  const byModule = new Map<string, string[]>();
  const importOf = (module: string, name: string): void => {
    const names = byModule.get(module) ?? [];
    if (!names.includes(name)) names.push(name);
    byModule.set(module, names);
  };
  for (const p of Object.values(PLUGINS)) if (used.has(p)) importOf(p.module, p.name);
  if (clientPlugins.includes('serverUrl')) importOf('@contractgen/runtime/client/plugins/server-url', 'serverUrl');
  if (clientPlugins.includes('follow')) importOf('@contractgen/runtime/client/plugins/redirects', 'withRedirects');
  const pluginImports = [...byModule].map(([module, names]) => `import { ${names.map((n) => `${n} as $${n}`).join(', ')} } from ${str(module)};`);
  return {
    path: 'client.ts',
    contents: render('client', {
      header: fileHeader(ctx),
      imports: imports.join(', '),
      // a local function, not `JSON.parse` per descriptor: tsc checks each module-level reference to the
      // global by walking back over every declaration before it (quadratic: ~1 s on GitHub)
      jsonReader: asJson ? '\nfunction $parse_op(text: string): OperationSpec {\n  return JSON.parse(text) as OperationSpec;\n}\n' : '',
      resultImports: clientResultImports(operations.map((o) => o.resultType)),
      pluginImports,
      classDoc: [
        `Status-code client for ${model.title}: one method per operation, one union member per documented status.`,
        'Each method is the per-operation function of the same name (`getX(client, …)`); import those with `createClient` for the smallest bundles.',
      ],
      info: dataLiteral({ title: spec.title, servers: spec.servers, securitySchemes: spec.securitySchemes }),
      version: str(spec.version),
      schemaId: str(spec.schemaId),
      connectPlugins: clientPlugins.length === 0 ? '' : `, { ${clientPlugins.map((p) => (p === 'serverUrl' ? 'serverUrl: $serverUrl' : 'follow: $withRedirects')).join(', ')} }`,
      pluginSets,
      operations,
      alias: model.clientAlias,
    }),
  };
}

/** One piece of runtime code an operation plugs in: its key in `Plugins`, the export it is, the module, a name suffix. */
interface Plugin {
  key: string;
  name: string;
  module: string;
  suffix: string;
}

const plugin = (key: string, name: string, module: string, suffix: string): Plugin => ({ key, name, module: `@contractgen/runtime/client/${module}`, suffix });

/** The pieces, in the order they appear in a set (and its name). */
const PLUGINS = {
  simplePath: plugin('path', 'simplePathParam', 'plugins/params', 'Path'),
  path: plugin('path', 'pathParam', 'plugins/params', 'PathStyles'),
  formQuery: plugin('query', 'formQueryParam', 'plugins/params', 'Query'),
  query: plugin('query', 'queryParam', 'plugins/params', 'QueryStyles'),
  header: plugin('header', 'headerParam', 'plugins/params', 'Headers'),
  cookie: plugin('cookie', 'cookieParam', 'plugins/params', 'Cookies'),
  querystring: plugin('querystring', 'querystringParam', 'plugins/params', 'Querystring'),
  auth: plugin('auth', 'applyAuth', 'plugins/auth', 'Auth'),
  encode: plugin('encode', 'encodeBody', 'plugins/body', 'Body'),
  stream: plugin('stream', 'streamResponse', 'plugins/stream', 'Stream'),
  multipart: plugin('multipart', 'multipartResponse', 'plugins/multipart', 'Multipart'),
  typedText: plugin('typedText', 'typedText', 'plugins/text', 'TypedText'),
  responseHeaders: plugin('responseHeaders', 'responseHeaders', 'plugins/headers', 'ResponseHeaders'),
} satisfies Record<string, Plugin>;

const TYPED_TEXT = new Set(['number', 'integer', 'boolean']);

/** Whether a slim schema's `type` names a number, integer or boolean (a text body the typed-text reader parses). */
function typedTextSchema(schema: unknown): boolean {
  const type = typeof schema === 'object' && schema !== null ? (schema as { type?: unknown }).type : undefined;
  return (Array.isArray(type) ? type : [type]).some((t) => typeof t === 'string' && TYPED_TEXT.has(t));
}

/** The runtime code one operation needs besides the core (the same set in both client forms). */
function operationPlugins(op: OperationSpec): Plugin[] {
  const out: Plugin[] = [];
  const at = (location: string) => op.parameters.filter((p) => p.in === location);
  if (op.path.includes('{')) out.push(at('path').every((p) => p.style === 'simple' || p.contentType !== undefined) ? PLUGINS.simplePath : PLUGINS.path);
  if (at('query').length > 0) out.push(at('query').every((p) => p.style === 'form' || p.contentType !== undefined) ? PLUGINS.formQuery : PLUGINS.query);
  if (at('header').length > 0) out.push(PLUGINS.header);
  if (at('cookie').length > 0) out.push(PLUGINS.cookie);
  if (at('querystring').length > 0) out.push(PLUGINS.querystring);
  if (op.security.some((requirement) => Object.keys(requirement).length > 0)) out.push(PLUGINS.auth);
  if (op.requestBody !== undefined) out.push(PLUGINS.encode);
  const media = op.responses.flatMap((r) => r.content);
  if (media.some((m) => m.stream !== undefined)) out.push(PLUGINS.stream);
  if (media.some((m) => m.kind === 'multipart')) out.push(PLUGINS.multipart);
  if (media.some((m) => m.kind === 'text' && typedTextSchema(m.schema))) out.push(PLUGINS.typedText);
  if (op.responses.some((r) => r.headers.length > 0)) out.push(PLUGINS.responseHeaders);
  return out;
}

/**
 * What `createClient` plugs in: server variables, and client-side redirects when the spec's
 * API keys are headers or query parameters (fetch would carry them to another origin).
 */
function connectPlugins(spec: ApiSpec): Array<'serverUrl' | 'follow'> {
  const out: Array<'serverUrl' | 'follow'> = [];
  if (spec.servers.some((server) => Object.keys(server.variables).length > 0 || server.url.includes('{'))) out.push('serverUrl');
  if (Object.values(spec.securitySchemes).some((s) => s.type === 'apiKey' && s.in !== 'cookie')) out.push('follow');
  return out;
}
