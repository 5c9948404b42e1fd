import { GraphQLSchema, isObjectType } from 'graphql';
import { accessRule } from './access.js';
import { Role } from './role.js';

export interface AccessEntry {
  /** `Query`, `Mutation`, or the object type a nested field belongs to. */
  type: string;
  field: string;
  /** Who may use it; null: a root field without a rule (refused to everyone). */
  roles: readonly Role[] | null;
}

const ORDER = [Role.PUBLIC, Role.ADMIN, Role.REVIEWER, Role.BUDGET_PLANNER, Role.AUDITOR];

/** Every root field, and every nested field with a rule of its own or of its type. */
export function accessMatrix(schema: GraphQLSchema): AccessEntry[] {
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((t) => t !== null && t !== undefined);
  const entries: AccessEntry[] = [];
  for (const type of roots)
    for (const field of Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name)))
      entries.push({ type: type.name, field: field.name, roles: accessRule(field) ?? null });
  const rootSet = new Set<unknown>(roots);
  for (const type of Object.values(schema.getTypeMap()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!isObjectType(type) || type.name.startsWith('__') || rootSet.has(type)) continue;
    for (const field of Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name))) {
      const rule = accessRule(field);
      if (rule) entries.push({ type: type.name, field: field.name, roles: rule });
    }
  }
  return entries;
}

/** The matrix as the Markdown table of docs/access.md: a row per field, a column per role. */
export function accessMatrixMarkdown(schema: GraphQLSchema): string {
  const cell = (roles: readonly Role[] | null, role: Role) =>
    roles === null ? '' : roles.includes(Role.PUBLIC) || roles.includes(role) ? 'yes' : '';
  const header = `| operation or field | ${ORDER.map((r) => (r === Role.PUBLIC ? 'anyone (PUBLIC)' : r)).join(' | ')} |`;
  const rows = accessMatrix(schema).map(
    (e) =>
      `| ${e.type === 'Query' ? 'query' : e.type === 'Mutation' ? 'mutation' : e.type}${e.type === 'Query' || e.type === 'Mutation' ? ' ' : '.'}\`${e.field}\` | ${ORDER.map((r) => cell(e.roles, r)).join(' | ')} |`,
  );
  return [header, `|---|${ORDER.map(() => ':-:').join('|')}|`, ...rows].join('\n');
}
