/**
 * Base of every error the runtime throws. `code` is stable and documented in
 * the README's error catalogue (a test checks that every code is exported,
 * documented and unique).
 */
export class ContractgenError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export function isContractgenError(value: unknown): value is ContractgenError {
  return value instanceof ContractgenError;
}
