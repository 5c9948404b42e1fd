export * from './registry-diff.service.js';
export * from './registry-diff.model.js';
export * from './open-data.service.js';
