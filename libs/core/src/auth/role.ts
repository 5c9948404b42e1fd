import { registerEnumType } from '@nestjs/graphql';

/**
 * What a caller may do. A token carries any number of roles; a caller without a token, or whose
 * token names none of these, is PUBLIC.
 */
export enum Role {
  /** Everything, including the configuration of the registry and the roles of others. */
  ADMIN = 'ADMIN',
  /** Registers, classifies and tags functions, proposes and advances findings, plans transfers. */
  REVIEWER = 'REVIEWER',
  /** Budget programmes, expenditure, links to functions, headcount. */
  BUDGET_PLANNER = 'BUDGET_PLANNER',
  /** Reads everything, including history, drafts, internal notes and review results. */
  AUDITOR = 'AUDITOR',
  /** Anyone, signed in or not: the published registry only. */
  PUBLIC = 'PUBLIC',
}

registerEnumType(Role, { name: 'Role', description: 'What a caller may do in the registry.' });

/** The roles that see the registry's working state (drafts, notes, who decided, review runs). */
export const STAFF_ROLES: readonly Role[] = [Role.ADMIN, Role.REVIEWER, Role.BUDGET_PLANNER, Role.AUDITOR];

/** Every staff role that reads the working registry: review results, budgets, findings. */
export const READERS: readonly Role[] = [Role.REVIEWER, Role.BUDGET_PLANNER, Role.AUDITOR];
