export * from './classify/index.js';
export { sphereMatches, transferFlags } from './transfer/transfer-flags.js';
export type { DuplicateLink, FlagInput } from './transfer/transfer-flags.js';
export * from './transfer/transfer.service.js';
export * from './transfer/market.service.js';
export * from './assessment.service.js';
export * from './classification-decision.service.js';
export * from './graphql/assessment.models.js';
export * from './assessment.module.js';
