export { registerOperations, DEFAULT_BODY_LIMIT } from './register.js';
export { createListener, LISTENER_DEFAULTS, type Listener, type ListenerOptions, type TlsOptions } from './listener.js';
export { HttpError, isHttpError, ResponseContractError, ServerSetupError, SERVER_ERROR_CODES, type ResponseContractIssue, type ServerSetupCode } from './errors.js';
export { PROBLEM_CONTENT_TYPE, type Problem, type ProblemStatus, type RuntimeProblem, type ProblemFieldError, type ProblemLocation } from './problem.js';
export { parseCookieHeader } from './cookies.js';
export type { UploadedFile } from './body-decoding.js';
export type { StreamOptions } from './stream.js';
export type {
  AfterInterceptor,
  AuthInfo,
  BeforeInterceptor,
  DefaultHandler,
  DefaultRequest,
  ErrorInterceptor,
  ErrorMapper,
  Handler,
  HandlerContext,
  HandlerRequest,
  HandlerResponse,
  Interceptors,
  MultipartLimits,
  ProblemContext,
  RegisterOptions,
} from './types.js';
export type {
  ApiKeyConfig,
  BasicConfig,
  BearerConfig,
  JwtConfig,
  JwtKey,
  MutualTlsConfig,
  SchemeConfig,
  SecurityConfig,
  VerifyResult,
} from './security-config.js';
