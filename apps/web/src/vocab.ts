import type { FunctionType, GovernmentLevel } from './gql/graphql';

export const LEVELS: GovernmentLevel[] = ['CENTRAL', 'REGIONAL', 'DISTRICT', 'RURAL'];
export const TYPES: FunctionType[] = ['STRATEGIC', 'REGULATORY', 'IMPLEMENTING', 'CONTROL'];
