/**
 * The download links handed out on this data folder, by the sha256 of their token only: `<dataDir>/bot/
 * downloads.json` maps a token hash to when it expires and which process made it. A link never outlives the
 * process that made it; the record only lets the next one answer "expired" instead of "not valid". Records
 * are forgotten a week after their link expired.
 */
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { DownloadRegistry } from '../bot/ports.ts';
import { readJsonFile, updateJsonFileSync } from './json-file.ts';
import { ensurePrivateDir } from './private-files.ts';

interface RegistryDoc {
  links: Record<string, { expires: number; boot: string }>;
}

const KEEP_MS = 7 * 24 * 60 * 60 * 1000;

export function openDownloadRegistry(path: string, now: () => Date = () => new Date()): DownloadRegistry {
  ensurePrivateDir(dirname(path));
  const boot = randomBytes(8).toString('hex');
  const defaults = (): RegistryDoc => ({ links: {} });
  return {
    earlier() {
      const doc = { ...defaults(), ...readJsonFile<RegistryDoc>(path) };
      return new Map(
        Object.entries(doc.links)
          .filter(([, r]) => r.boot !== boot)
          .map(([hash, r]) => [hash, r.expires]),
      );
    },
    remember(tokenHash, expiresAt) {
      updateJsonFileSync(path, defaults, (doc) => {
        const forget = now().getTime() - KEEP_MS;
        for (const [hash, r] of Object.entries(doc.links)) if (r.expires < forget) delete doc.links[hash];
        doc.links[tokenHash] = { expires: expiresAt, boot };
      });
    },
  };
}
