import { ContractgenError } from '../errors.js';

/** Obtaining credentials failed (the OAuth2 token endpoint, a bearer-token function, OIDC discovery). */
export class AuthError extends ContractgenError {
  /** The token endpoint's status, when it answered. */
  readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super('CG_AUTH', message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
  }
}
