import { registerEnumType } from '@nestjs/graphql';

export enum TerritoryKind {
  REPUBLIC = 'REPUBLIC',
  OBLAST = 'OBLAST',
  CITY_REP = 'CITY_REP',
  DISTRICT = 'DISTRICT',
  CITY_OBL = 'CITY_OBL',
  DISTRICT_IN_CITY = 'DISTRICT_IN_CITY',
  CITY_DIST = 'CITY_DIST',
  RURAL_DISTRICT = 'RURAL_DISTRICT',
  SETTLEMENT = 'SETTLEMENT',
}

export enum AgencyKind {
  GOVERNMENT = 'GOVERNMENT',
  MINISTRY = 'MINISTRY',
  COMMITTEE = 'COMMITTEE',
  AGENCY = 'AGENCY',
  AKIMAT = 'AKIMAT',
  AKIM = 'AKIM',
  DEPARTMENT = 'DEPARTMENT',
  MASLIKHAT = 'MASLIKHAT',
  LOCAL_SELF_GOVERNMENT = 'LOCAL_SELF_GOVERNMENT',
  QUASI_STATE = 'QUASI_STATE',
  OTHER = 'OTHER',
}

export enum GovernmentLevel {
  CENTRAL = 'CENTRAL',
  REGIONAL = 'REGIONAL',
  DISTRICT = 'DISTRICT',
  RURAL = 'RURAL',
}

export enum FunctionType {
  STRATEGIC = 'STRATEGIC',
  REGULATORY = 'REGULATORY',
  IMPLEMENTING = 'IMPLEMENTING',
  CONTROL = 'CONTROL',
}

export enum FunctionStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  UNDER_REVIEW = 'UNDER_REVIEW',
  TRANSFERRED = 'TRANSFERRED',
  ABOLISHED = 'ABOLISHED',
}

export enum LegalActType {
  CONSTITUTION = 'CONSTITUTION',
  CODE = 'CODE',
  CONSTITUTIONAL_LAW = 'CONSTITUTIONAL_LAW',
  LAW = 'LAW',
  PRESIDENTIAL_DECREE = 'PRESIDENTIAL_DECREE',
  GOVERNMENT_RESOLUTION = 'GOVERNMENT_RESOLUTION',
  MINISTERIAL_ORDER = 'MINISTERIAL_ORDER',
  MASLIKHAT_DECISION = 'MASLIKHAT_DECISION',
  AKIMAT_RESOLUTION = 'AKIMAT_RESOLUTION',
  REGULATION = 'REGULATION',
  OTHER = 'OTHER',
}

export enum LegalActStatus {
  IN_FORCE = 'IN_FORCE',
  NOT_YET_IN_FORCE = 'NOT_YET_IN_FORCE',
  SUSPENDED = 'SUSPENDED',
  REPEALED = 'REPEALED',
}

/** Territory kinds a holder covers when none are given, by level. */
export const DEFAULT_TERRITORY_KINDS: Record<GovernmentLevel, TerritoryKind[]> = {
  [GovernmentLevel.CENTRAL]: [TerritoryKind.REPUBLIC],
  [GovernmentLevel.REGIONAL]: [TerritoryKind.OBLAST, TerritoryKind.CITY_REP],
  [GovernmentLevel.DISTRICT]: [TerritoryKind.DISTRICT, TerritoryKind.CITY_OBL],
  [GovernmentLevel.RURAL]: [TerritoryKind.RURAL_DISTRICT, TerritoryKind.CITY_DIST, TerritoryKind.SETTLEMENT],
};

export enum Lang {
  ru = 'ru',
  kk = 'kk',
}

registerEnumType(TerritoryKind, {
  name: 'TerritoryKind',
  description: 'Kind of administrative-territorial unit (KATO).',
});
registerEnumType(AgencyKind, { name: 'AgencyKind' });
registerEnumType(GovernmentLevel, { name: 'GovernmentLevel' });
registerEnumType(FunctionType, {
  name: 'FunctionType',
  description: 'The four types of the Concept 2030; a function without a type is not yet classified.',
});
registerEnumType(FunctionStatus, { name: 'FunctionStatus' });
registerEnumType(LegalActType, { name: 'LegalActType' });
registerEnumType(LegalActStatus, { name: 'LegalActStatus' });
registerEnumType(Lang, { name: 'Lang' });
