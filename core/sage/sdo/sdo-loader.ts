/**
 * Loads the C# bridge through edge-js, on Windows only and only when the sdo driver is chosen: edge-js is an
 * optional dependency whose native module fails to load elsewhere, so it is imported lazily here and never
 * at the top of any module.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LedgerError } from '../errors.ts';
import type { EdgeFunction } from './bridge.ts';

export const BRIDGE_FILES = [
  'SdoBridge.cs',
  'SdoOperations.cs',
  'SdoQueries.cs',
  'SdoPayments.cs',
  'SdoLedgerUpdate.cs',
];

/** The bridge's C# files as one compilation unit: `using` lines hoisted to the top, de-duplicated. */
export function bridgeSource(dir = dirname(fileURLToPath(import.meta.url))): string {
  const usings = new Set<string>();
  const bodies: string[] = [];
  for (const file of BRIDGE_FILES) {
    const lines = readFileSync(join(dir, file), 'utf8').split(/\r?\n/);
    const body: string[] = [];
    for (const line of lines) {
      if (/^using [\w.]+;\s*$/.test(line)) usings.add(line.trim());
      else body.push(line);
    }
    bodies.push(body.join('\n'));
  }
  return `${[...usings].sort().join('\n')}\n\n${bodies.join('\n\n')}`;
}

/** edge-js's `func` for the bridge. Rejects with SAGE_DRIVER_UNAVAILABLE when edge-js cannot load here. */
export async function loadEdgeBridge(platform: string = process.platform): Promise<EdgeFunction> {
  if (platform !== 'win32') {
    throw unavailable(`the sdo driver runs only on Windows (this is ${platform})`);
  }
  let edge: { func(options: unknown): EdgeFunction };
  try {
    const mod = (await import('edge-js')) as unknown as { default?: typeof edge } & typeof edge;
    edge = mod.default ?? mod;
  } catch (e) {
    throw unavailable(`edge-js could not be loaded (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`, e);
  }
  try {
    return edge.func({ source: bridgeSource(), references: ['System.dll'], typeName: 'Startup', methodName: 'Invoke' });
  } catch (e) {
    throw unavailable(
      `the SDO bridge could not be compiled (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
      e,
    );
  }
}

function unavailable(why: string, cause?: unknown): LedgerError {
  return new LedgerError({
    code: 'SAGE_DRIVER_UNAVAILABLE',
    message: `The Sage Data Objects driver is not available: ${why}.`,
    fix: 'Use SAGE_DRIVER=embedded here, or on the Windows machine where Sage 50 runs install edge-js with a Node.js of the same bitness as SDO (32-bit Node 20 or 22 for a 32-bit SDO) - see core/sage/sdo/README.md.',
    cause,
  });
}
