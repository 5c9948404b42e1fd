export {
  parseLegalText,
  cleanItemText,
  MAX_TITLE_LENGTH,
  type LegalTextDraft,
  type LegalTextFlag,
  type LegalTextKind,
  type LegalTextSection,
  type LegalTextWarning,
  type LegalTextWarningCode,
  type ParsedLegalText,
  type ParseLegalTextOptions,
} from './parse-legal-text.js';
export {
  draftsToInterchange,
  draftExternalId,
  FLAG_TAGS,
  type DraftsToInterchangeOptions,
  type LegalTextAct,
} from './legal-text-interchange.js';
export { LegalTextService, type LegalTextImportSummary, type LegalTextPreview } from './legal-text.service.js';
export { LegalTextModule } from './legal-text.module.js';
export { ImportLegalTextInput, ParseLegalTextInput } from './legal-text.inputs.js';
