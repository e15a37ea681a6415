/**
 * The embedded driver's public face: the ledger itself, company creation and export, and the seed format.
 * Everything else in this folder is internal to the driver.
 */

export { demoSageSeed } from './demo-seed.ts';
export { EmbeddedLedger, type EmbeddedOptions, exportCompany, localToday } from './driver.ts';
export { type CompanyFlags, type InitOptions, type InitResult, initCompany, setCompanyFlags } from './init.ts';
export { type LockHolder, readHolder } from './lock.ts';
export { type CompanySeed, parseSeed, seedSchema } from './seed.ts';
export { companyExists, companyFile } from './store.ts';
