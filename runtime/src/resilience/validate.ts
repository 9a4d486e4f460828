import { InvalidOptionsError } from './errors.js';

/** Throws {@link InvalidOptionsError} unless `value` is a finite number >= `min` (an integer when asked). */
export function checkNumber(option: string, value: number, min: number, integer = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new InvalidOptionsError(option, `expected ${integer ? 'an integer' : 'a number'} >= ${min}, got ${String(value)}`);
  }
}
