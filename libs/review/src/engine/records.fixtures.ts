// Functions and holders as the engine sees them, for the lib's tests (not built into dist).
import { ReviewFunction } from './types.js';

/** A typical holder (no territory) of a kind and level. */
export const typicalHolder = (code: string, kind: string, level: ReviewFunction['holder']['level']) => ({
  id: code,
  code,
  kind,
  level,
  territoryKinds: level === 'CENTRAL' ? ['REPUBLIC'] : ['OBLAST'],
  territory: null,
  collegial: false,
  parentId: null,
});

/** A function with no legal basis, its external id as its id. */
export const reviewFunction = (
  externalId: string,
  title: string,
  holder: ReturnType<typeof typicalHolder>,
): ReviewFunction => ({ id: externalId, externalId, title, holder });
