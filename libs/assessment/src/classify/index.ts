export * from './types.js';
export { suggestType } from './suggest-type.js';
export { suggestSupporting } from './suggest-supporting.js';
export * from './quality.js';
