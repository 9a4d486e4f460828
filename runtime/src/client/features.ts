/**
 * The optional features the options can ask for, installed on a connection:
 * the resilience chain (retry, circuit breaker, failover / round-robin across
 * `baseUrls`, your `policies`) with the client-side redirect policy
 * (`followRedirects`), and the OAuth2 token cache (`auth.oauth2`). The `Client`
 * class installs them at once; `createClient` loads this module on its first
 * call only when its options need it (a browser bundle without these options
 * never loads it).
 */
import { withTimeout } from '../resilience/with-timeout.js';
import type { Connection } from './connection.js';
import { TokenCache, type TokenFetch } from './oauth2.js';
import { Pipeline } from './pipeline.js';
import { HttpStatusError, shouldThrow } from './throw-on-error.js';
import { InvalidOptionsError } from '../resilience/errors.js';
import { resolveRedirectPolicy, withRedirects } from './redirects.js';

export function installFeatures(connection: Connection): void {
  const { options } = connection;
  const pipeline = new Pipeline({
    baseUrls: connection.baseUrls,
    strategy: options.strategy,
    failover: options.failover,
    retry: options.retry,
    circuitBreaker: options.circuitBreaker,
    timeout: connection.timeout,
    policies: options.policies,
    redirects: resolveRedirectPolicy(options.followRedirects),
    clock: connection.clock,
    aborter: connection.aborter,
  });
  connection.run = (build, exchange, call) => pipeline.execute(build, exchange, call);
  connection.follow ??= withRedirects;
  const oauth2 = options.auth?.oauth2;
  if (oauth2 !== undefined) {
    connection.tokens = new TokenCache(oauth2, tokenFetch(connection), connection.clock);
  }
  const throwOn = options.throwOnError;
  if (throwOn !== undefined && throwOn !== false) {
    if (throwOn !== true && throwOn !== 'undocumented' && typeof throwOn !== 'function') {
      throw new InvalidOptionsError('throwOnError', "expected true, 'undocumented' or a function of the response");
    }
    connection.check = (response, op) => {
      if (shouldThrow(throwOn, response)) throw new HttpStatusError(response, `${op.method} ${connection.redact(response.raw?.url ?? op.path)}`);
    };
  }
}

/** The token endpoint goes through the client's transport (dispatcher, TLS) with its timeout, without retries. */
function tokenFetch(connection: Connection): TokenFetch {
  return (url, init) =>
    withTimeout(
      connection.timeout,
      async (signal) => {
        const response = await connection.transport({ url, method: init.method, headers: init.headers, body: init.body }, signal);
        const read = await response.read('bytes', connection.maxResponseSize);
        return { status: response.status, text: read.kind === 'bytes' ? new TextDecoder().decode(read.bytes) : '' };
      },
      undefined,
      connection.clock,
    );
}
