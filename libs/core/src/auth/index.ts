export * from './role.js';
export * from './identity.js';
export * from './access.js';
export * from './token.service.js';
export * from './auth.middleware.js';
export * from './access-matrix.js';
