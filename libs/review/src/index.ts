export * from './engine/types.js';
export * from './engine/engine.js';
export * from './engine/holders.js';
export * from './engine/scoring.js';
export * from './text/normalize.js';
export * from './quality/evaluate.js';
export * from './quality/interchange-records.js';
