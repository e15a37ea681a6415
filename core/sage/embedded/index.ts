/**
 * The embedded driver's public face: the ledger itself, company creation and export, and the seed format.
 * Everything else in this folder is internal to the driver.
 */
export { EmbeddedLedger, exportCompany, localToday, type EmbeddedOptions } from './driver.ts';
export { initCompany, setCompanyFlags, type CompanyFlags, type InitOptions, type InitResult } from './init.ts';
export { parseSeed, seedSchema, type CompanySeed } from './seed.ts';
export { companyExists, companyFile } from './store.ts';
export { readHolder, type LockHolder } from './lock.ts';
export { demoSageSeed } from './demo-seed.ts';
