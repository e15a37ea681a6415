/**
 * The web chat's transcript kept in the data folder (core/data-folder.ts `webchatTranscripts`), so a page
 * reloaded after a restart still shows its lines and the previews the bot keeps open. Only the running bot
 * writes it: changes are gathered for a moment and written atomically in one go (progress updates come in
 * bursts), and once more on close. Bounded: the most recent conversations, the end of each, under 8 MB. Losing it loses
 * nothing but the view (the bot's flows live in their own store), so a write that fails is logged, not thrown.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../../core/logger.ts';
import { readJsonFile } from '../../../storage/json-file.ts';
import { writeFileAtomic } from '../../../storage/private-files.ts';
import type { HubKeeping, TranscriptSnapshot, WebchatHub } from './hub.ts';

/** How much is kept, largest first: a smaller cut is taken while the file would exceed MAX_BYTES (cards are big). */
const CUTS: Array<[conversations: number, activities: number]> = [
  [20, 100],
  [10, 50],
  [3, 25],
  [1, 10],
];
const MAX_BYTES = 8_000_000;
const WRITE_AFTER_MS = 500;

/** The snapshot as JSON, cut down until it fits in MAX_BYTES (the smallest cut is written whatever its size). */
export function keptText(hub: Pick<WebchatHub, 'snapshot'>, maxBytes = MAX_BYTES): string {
  let text = '';
  for (const [conversations, activities] of CUTS) {
    text = JSON.stringify(hub.snapshot(conversations, activities));
    if (Buffer.byteLength(text) <= maxBytes) break;
  }
  return text;
}

export interface TranscriptFile {
  /** Hooks for `new WebchatHub(...)`: what the last start kept, and the change signal. */
  keeping(): HubKeeping;
  /** The hub whose snapshot is written (set once it exists). */
  attach(hub: WebchatHub): void;
  /** Writes what is pending now (server close). */
  flush(): void;
}

function savedIn(path: string, logger: Logger): TranscriptSnapshot | undefined {
  try {
    const doc = readJsonFile<Partial<TranscriptSnapshot>>(path);
    const conversations = doc?.conversations;
    return conversations && typeof conversations === 'object' ? { conversations } : undefined;
  } catch (e) {
    // A damaged file is moved aside by `sagebot start` (storage/health.ts); here the chat starts empty.
    logger.warn({ err: e, path }, 'webchat: the kept transcript could not be read; starting with an empty one');
    return undefined;
  }
}

export function openTranscriptFile(path: string, logger: Logger): TranscriptFile {
  let hub: WebchatHub | undefined;
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    if (!hub) return;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomic(path, keptText(hub));
    } catch (e) {
      logger.warn({ err: e, path }, 'webchat: the transcript could not be kept');
    }
  };
  return {
    keeping: () => {
      const saved = savedIn(path, logger);
      return {
        ...(saved ? { saved } : {}),
        changed: () => {
          timer ??= setTimeout(write, WRITE_AFTER_MS);
          timer.unref?.();
        },
      };
    },
    attach: (h) => {
      hub = h;
    },
    flush: () => {
      if (!timer) return;
      clearTimeout(timer);
      write();
    },
  };
}
