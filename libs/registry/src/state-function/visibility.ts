import { isStaff, type Identity } from '#core';
import { FunctionStatus } from '../enums.js';
import type { FunctionsArgs } from './dto/state-function.inputs.js';

/**
 * What the public may read of the registry: functions in force (ACTIVE and not archived). Staff
 * read everything, drafts included.
 */
export function publishedTo(identity: Identity, fn: { status: FunctionStatus; archivedAt: Date | null }): boolean {
  return isStaff(identity) || (fn.status === FunctionStatus.ACTIVE && fn.archivedAt === null);
}

/**
 * The list arguments narrowed to what the caller may see; null when nothing could match (a public
 * caller asking only for drafts).
 */
export function visibleArgs(identity: Identity, args: FunctionsArgs): FunctionsArgs | null {
  if (isStaff(identity)) return args;
  const asked = args.filter?.statuses;
  if (asked?.length && !asked.includes(FunctionStatus.ACTIVE)) return null;
  return Object.assign(Object.create(Object.getPrototypeOf(args) as object) as FunctionsArgs, args, {
    filter: { ...args.filter, statuses: [FunctionStatus.ACTIVE], includeArchived: false },
  });
}
