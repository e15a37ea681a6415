import { benchExport } from './export.ts';
