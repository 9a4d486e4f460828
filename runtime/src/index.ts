export * from './types.js';
export * from './errors.js';
export type * from './spec.js';
