import { LOGGED_TABLES, SERVICE_ROLE } from './migrations/1765500000000-change-log.js';

/** The tables whose changes `change_log` keeps (migration 1765500000000). */
export const CHANGE_LOGGED_TABLES: readonly string[] = LOGGED_TABLES.map((t) => t.table);

export { SERVICE_ROLE };
