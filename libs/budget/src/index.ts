export * from './budget.service.js';
export * from './headcount.service.js';
export * from './budget.module.js';
export * from './graphql/budget.models.js';
export * from './budget-bulk.service.js';
export * from './graphql/budget.loaders.js';
