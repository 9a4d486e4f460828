import { InvalidOptionsError } from './errors.js';

/** Throws {@link InvalidOptionsError} unless `value` is an array of HTTP status codes (100..599). */
export function checkStatusCodes(option: string, value: readonly number[]): void {
  if (!Array.isArray(value) || !value.every((s) => Number.isInteger(s) && s >= 100 && s <= 599)) {
    throw new InvalidOptionsError(option, 'expected an array of HTTP status codes (100..599)');
  }
}
