/**
 * @contractgen/runtime/client — the browser / edge build (the default export condition): requests
 * go through fetch. Node resolves `node.ts` instead (the `node` condition), the same API with the
 * Node transports.
 */
export { StatusCodeClient } from './status-code-client.js';
export { operationMethods } from './operation-methods.js';
// what generated code imports (from ./core and ./plugins/*, which re-export nothing else)
export { connect, call, clientApi } from './core.js';
export { CONNECTION } from './handle.js';
export { applyClientAuth as applyAuth } from './auth.js';
export { encodeBody } from './request-body.js';
export { withRedirects } from './redirects.js';
export { serverUrl } from './base-url.js';
export type { ApiClient, ApiInfo, ApplyAuth, EncodeBody, FollowRedirects, Plugins, ServerUrl } from './core.js';
export { expect } from './expect.js';
export type { BodyOf } from './expect.js';
export type {
  AuthOptions,
  ClientAuthentication,
  CallInit,
  ClientOptions,
  ClientRequest,
  ClientResponse,
  DispatcherLike,
  ErrorInterceptor,
  FollowRedirectsOptions,
  InterceptorContext,
  Interceptors,
  OAuth2Options,
  PrivateKeyJwtAuth,
  OutgoingRequest,
  RawResponseInfo,
  RequestInterceptor,
  ResponseInterceptor,
  TlsOptions,
  TokenRequestBody,
} from './types.js';
export type {
  ClientMember,
  ClientResult,
  HttpStatus,
  OtherStatus,
  Problem,
  ProblemFieldError,
  StatusRange,
  SuccessStatus,
  UndocumentedResponse,
} from '../types.js';
export { InvalidRequestError, RedirectRefusedError, ResponseParseError, ResponseTooLargeError } from './errors.js';
export { AuthError } from './auth-error.js';
export { TooManyRedirectsError } from './redirects.js';
export { UnexpectedStatusError } from './expect.js';
export type { RedirectRefusal } from './errors.js';
export { AbortedError, InvalidOptionsError, NetworkError, TimeoutError } from '../resilience/errors.js';
export { AllEndpointsFailedError, CircuitOpenError } from '../resilience/policy-errors.js';
export type { CircuitBreakerOptions, FailoverOptions, HttpResult, RetryOptions } from '../resilience/types.js';
export { wrap, noPolicy } from '../resilience/policy.js';
export type { CallInfo, Policy, PolicyFn } from '../resilience/policy.js';
export { ContractgenError, isContractgenError } from '../errors.js';
// Opt-in features (issue 17): each a value you create and pass, so an app that does not use one does not bundle it.
export { traceLog } from './trace.js';
export type { TraceLogger, TraceOptions, TraceRecord } from './trace.js';
export { cookieJar } from './cookies.js';
export type { CookieJarFeature, CookieStoreLike } from './cookies.js';
export { httpCache } from './cache.js';
export type { HttpCacheOptions } from './cache.js';
export type { FeatureContext, TransportFeature } from './transport-feature.js';
export type { ProxyOption } from './node-dispatcher.js';
export { HttpStatusError } from './throw-on-error.js';
export type { ThrowOnError } from './throw-on-error.js';
