export * from './classify/index.js';
