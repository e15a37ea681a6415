/** `sagebot demo reset` wipes everything, so it asks first: off a terminal it needs --yes and resets nothing without it. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { freePort } from '../e2e/sagebot-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'sagebot-demo-reset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sagebot demo reset', () => {
  it('refuses to reset without asking when not on a terminal, and leaves the data as it is', async () => {
    const data = join(dir, 'data');
    mkdirSync(data, { recursive: true });
    const sandboxState = dataFolder(data).manageSandbox.state;
    writeFileSync(sandboxState, '{}');
    const err: string[] = [];
    const env = { SAGEBOT_DATA_DIR: data, SAGEBOT_LOG_LEVEL: 'silent', PORT: String(await freePort()) };
    const ctx = { ...createCliContext(env), out: () => undefined, err: (l: string) => err.push(l), interactive: false };
    expect(await main(['demo', 'reset'], ctx)).toBe(2);
    expect(err.join('\n')).toMatch(/Pass --yes/);
    expect(existsSync(sandboxState)).toBe(true); // what a reset removes is still there
  });
});
