export * from './campaign.service.js';
export * from './savings.service.js';
export * from './report.service.js';
export * from './campaign.module.js';
