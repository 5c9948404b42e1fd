import type { Role } from './gql/graphql';

/**
 * What the workbench offers each role: the same rules the API enforces (docs/access.md), so that
 * nobody is shown a button the API would refuse. The API stays the authority.
 */
const RULES = {
  readStaffFields: ['ADMIN', 'REVIEWER', 'BUDGET_PLANNER', 'AUDITOR'],
  readHistory: ['ADMIN', 'REVIEWER', 'AUDITOR'],
  readFindings: ['ADMIN', 'REVIEWER', 'BUDGET_PLANNER', 'AUDITOR'],
  decidePairs: ['ADMIN', 'REVIEWER', 'AUDITOR'],
  decideTypes: ['ADMIN', 'REVIEWER'],
  startRuns: ['ADMIN', 'REVIEWER'],
  linkBudget: ['ADMIN', 'BUDGET_PLANNER'],
  advanceFindings: ['ADMIN', 'REVIEWER'],
} satisfies Record<string, Role[]>;

export type Permission = keyof typeof RULES;

export function can(roles: readonly Role[] | undefined, what: Permission): boolean {
  return !!roles && roles.some((r) => (RULES[what] as Role[]).includes(r));
}
