// The vulnerability database's public surface: open, import, query.

export type {
  EpssImportResult,
  ImportProgress,
  ImportSummary,
  KevImportResult,
  OsvImportOptions,
  OsvImportResult,
  SkippedRecord,
} from './import.js';
export { detectInput, importEpss, importFiles, importKev, importOsv } from './import.js';
export { type DbLimits, DEFAULT_DB_LIMITS, dbLimitsFromEnv } from './limits.js';
export { joinEcosystem, normalizeName, splitEcosystem } from './names.js';
export type { OsvAffected, OsvEvent, OsvPackage, OsvRange, OsvRecord, OsvSeverity } from './osv.js';
export type {
  AffectedEntry,
  Candidate,
  DbStatus,
  EpssScore,
  KevEntry,
  VulnDetail,
  VulnSummary,
} from './query.js';
export { aliasesOf, byId, candidates, epssOf, kevOf, status } from './query.js';
export { DB_HINT, defaultDbPath, openDatabase, type SourceInfo, VulnDb } from './schema.js';
