/**
 * <out>/client.ts: `createClient(options)` and one function per operation
 * (`getPet(client, req, init)`), each with only its own descriptor beside it, so
 * a bundler keeps what an app calls and drops the rest; the runtime code an
 * operation needs (auth, body encoders) is imported only when some operation
 * needs it and reaches the bundle only with that operation. `class Client`
 * (plus an alias named after the API title) delegates every method to those
 * functions.
 */
import type { ApiSpec, OperationSpec } from '@contractgen/runtime/spec';
import { dataLiteral, literal, str } from '../escape.js';
import type { ApiModel } from '../model/types.js';
import { render } from '../render/handlebars.js';
import { clientApiSpec } from './api-spec.js';
import { fileHeader, type EmitContext, type EmittedFile } from './context.js';
import { operationDocs } from './server.js';

/** Above this many bytes of descriptors, each is `JSON.parse("…")` (cheap for the type checker and V8). */
const JSON_THRESHOLD = 100_000;

export function emitClient(model: ApiModel, ctx: EmitContext): EmittedFile {
  const spec = clientApiSpec(model);
  const descriptors = model.operations.map((op) => spec.operations[op.name]!);
  const asJson = JSON.stringify(descriptors).length > JSON_THRESHOLD;
  const used = new Set<Plugin>();
  const sets = new Map<string, Plugin[]>();
  const operations = model.operations.map((op, i) => {
    const view = ctx.operationTypes(op);
    const descriptor = descriptors[i]!;
    const plugins = operationPlugins(descriptor, op);
    for (const plugin of plugins) used.add(plugin);
    const setName = plugins.length === 0 ? '' : `$with${plugins.map((p) => PLUGINS[p].suffix).join('')}`;
    if (setName !== '') sets.set(setName, plugins);
    return {
      name: op.name,
      descriptorName: `$${op.name}`,
      descriptor: asJson ? `/* @__PURE__ */ JSON.parse(${str(JSON.stringify(descriptor))}) as OperationSpec` : literal(descriptor),
      typed: !asJson,
      plugins: setName === '' ? '' : `, ${setName}`,
      requestName: view.requestName,
      responseName: view.responseName,
      resultName: `${op.typeName}Result`, // claimed with the operation's other type names (model/build.ts)
      hasDefault: view.hasDefault ? 'true' : 'false',
      defaultArg: view.requestOptional ? ' = {}' : '',
      docs: operationDocs(op),
    };
  });
  const pluginSets = [...sets].map(([name, plugins]) => ({ name, value: `{ ${plugins.map((p) => `${p}: ${PLUGINS[p].local}`).join(', ')} }` }));
  const clientPlugins = connectPlugins(spec);
  // the lean entry: `./client` re-exports modules only optional features use, which a bundler
  // would then put in the start chunk beside the lazy one
  const imports = [
    'call as $call',
    'clientApi as $clientApi',
    'connect as $connect',
    'type ApiClient',
    'type ApiInfo',
    'type CallInit',
    'type ClientOptions',
    ...(pluginSets.length > 0 ? ['type Plugins'] : []),
  ];
  return {
    path: 'client.ts',
    contents: render('client', {
      header: fileHeader(ctx),
      imports: imports.join(', '),
      pluginImports: [
        ...(used.has('auth') ? ["import { applyAuth as $applyAuth } from '@contractgen/runtime/client/plugins/auth';"] : []),
        ...(used.has('encode') ? ["import { encodeBody as $encodeBody } from '@contractgen/runtime/client/plugins/body';"] : []),
        ...(clientPlugins.includes('serverUrl') ? ["import { serverUrl as $serverUrl } from '@contractgen/runtime/client/plugins/server-url';"] : []),
        ...(clientPlugins.includes('follow') ? ["import { withRedirects as $withRedirects } from '@contractgen/runtime/client/plugins/redirects';"] : []),
        ...(used.has('stream') ? ["import { openStream as $openStream } from '@contractgen/runtime/client/stream';"] : []),
      ],
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

type Plugin = 'auth' | 'encode' | 'stream';

/** Each piece of runtime code an operation may need: the local name it is imported as, and a name suffix. */
const PLUGINS: Record<Plugin, { local: string; suffix: string }> = {
  auth: { local: '$applyAuth', suffix: 'Auth' },
  encode: { local: '$encodeBody', suffix: 'Body' },
  stream: { local: '$openStream', suffix: 'Stream' },
};

/** The runtime code one operation needs besides the core. */
function operationPlugins(op: OperationSpec, model: ApiModel['operations'][number]): Plugin[] {
  const out: Plugin[] = [];
  if (op.security.some((requirement) => Object.keys(requirement).length > 0)) out.push('auth');
  if (op.requestBody !== undefined) out.push('encode');
  if (model.responses.some((r) => r.content.some((m) => m.stream !== undefined))) out.push('stream');
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
