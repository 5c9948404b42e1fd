export * from './table.js';
export * from './tabular.js';
export { normalizeHeader } from './assemble.js';
export { splitList, joinList } from './cells.js';
