/**
 * The zod models of the ConnectWise Manage objects sagebot reads and writes, with their TypeScript types.
 * Field names are Manage's own (core/manage/README.md). Parsing ignores unknown fields, accepts missing
 * optional ones and reads `null` as missing, so a newer Manage that adds or drops fields keeps working.
 */

export * from './models/accounting.ts';
export * from './models/common.ts';
export * from './models/entities.ts';
export * from './models/gl-export.ts';
