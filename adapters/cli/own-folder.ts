/**
 * What `sagebot start` does with its data folder before anything opens a store: take it (one bot per folder,
 * storage/folder-lock.ts), make it private to this user, move damaged stores aside and check the audit chain
 * (storage/health.ts), saying what it found and did.
 */
import { dataFolder } from '../../core/data-folder.ts';
import type { Logger } from '../../core/logger.ts';
import { claimDataFolder } from '../../storage/folder-lock.ts';
import { auditHealth, setAsideDamaged } from '../../storage/health.ts';
import { tightenTree } from '../../storage/private-files.ts';

export interface OwnedFolder {
  release(): void;
}

export async function ownDataFolder(root: string, say: (line: string) => void, logger: Logger): Promise<OwnedFolder> {
  const held = claimDataFolder(root);
  try {
    const folder = dataFolder(root);
    const tightened = tightenTree(root);
    if (tightened) say(`Data folder: made ${tightened} file(s) and folder(s) readable by this user only.`);
    for (const m of setAsideDamaged(folder)) {
      logger.warn({ file: m.file, movedTo: m.movedTo, problem: m.problem }, 'start: damaged store moved aside');
      say(
        `Data folder: ${m.name} was damaged (${m.problem}); moved it to ${m.movedToName} (kept, not deleted) and started with an empty one.`,
      );
    }
    const audit = await auditHealth(folder);
    if (!audit.ok) {
      const where = audit.broken
        ? `line ${audit.broken.line}: ${audit.broken.reason}`
        : `line ${audit.malformed.at(-1)?.line} is not an entry`;
      say(
        `Audit log: ${folder.audit} does not verify (${where}); run "sagebot audit --verify". New entries are still recorded.`,
      );
    }
    return held;
  } catch (e) {
    held.release();
    throw e;
  }
}
