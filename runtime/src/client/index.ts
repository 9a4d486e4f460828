export { StatusCodeClient } from './status-code-client.js';
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
export {
  AuthError,
  InvalidRequestError,
  RedirectRefusedError,
  ResponseParseError,
  ResponseTooLargeError,
  TooManyRedirectsError,
  UnexpectedStatusError,
} from './errors.js';
export type { RedirectRefusal } from './errors.js';
export {
  AbortedError,
  AllEndpointsFailedError,
  CircuitOpenError,
  InvalidOptionsError,
  NetworkError,
  TimeoutError,
} from '../resilience/errors.js';
export type { CircuitBreakerOptions, FailoverOptions, HttpResult, RetryOptions } from '../resilience/types.js';
export { wrap, noPolicy } from '../resilience/policy.js';
export type { CallInfo, Policy, PolicyFn } from '../resilience/policy.js';
export { ContractgenError, isContractgenError } from '../errors.js';
