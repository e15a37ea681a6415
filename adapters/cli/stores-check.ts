/**
 * `sagebot doctor`'s check of the stores in the data folder: every JSON store readable, the audit log's hash
 * chain intact, and who runs on the folder now. Read-only: damaged files are named, not moved (`sagebot start`
 * moves them aside).
 */
import { dataFolder } from '../../core/data-folder.ts';
import { describeFolderOwner, folderOwner } from '../../storage/folder-lock.ts';
import { auditHealth, checkStores, storeFiles } from '../../storage/health.ts';
import type { CheckResult, DoctorCheck } from './check-result.ts';

export const storesCheck: DoctorCheck = {
  name: 'data stores',
  async run(config): Promise<CheckResult> {
    const folder = dataFolder(config.dataDir);
    const problems = checkStores(folder);
    const audit = await auditHealth(folder);
    const owner = folderOwner(folder.root);
    const running = owner === 'free' ? '' : `; in use ${describeFolderOwner(owner)}`;
    if (!problems.length && audit.ok)
      return {
        ok: true,
        summary: `${storeFiles(folder).length} store file(s) readable, audit log intact (${audit.entries} entries)${running}`,
      };
    const details = problems.map((p) => `${p.file}: damaged (${p.problem})`);
    if (problems.length)
      details.push('fix: "sagebot start" moves damaged files aside (kept for inspection) and starts with empty ones.');
    if (!audit.ok) {
      const where = audit.broken
        ? `line ${audit.broken.line}: ${audit.broken.reason}`
        : `line ${audit.malformed.at(-1)?.line} is not an entry`;
      details.push(`${folder.audit}: does not verify (${where}); see "sagebot audit --verify".`);
    }
    const names = [...problems.map((p) => p.name), ...(audit.ok ? [] : ['audit.jsonl'])];
    return { ok: false, summary: `damaged: ${names.join(', ')}${running}`, details };
  },
};
