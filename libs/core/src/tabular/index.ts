export * from './table.js';
export * from './tabular.js';
export * from './records.js';
export { normalizeHeader } from './assemble.js';
export { splitList, joinList, jsonCell } from './cells.js';
export { excelJs } from './xlsx.js';
