/**
 * `sagebot start` and `sagebot demo reset` as a user runs them: the demo-approver rule (only on embedded
 * defaults with SAGEBOT_APPROVERS unset), a clean stop on SIGINT, the demo reset through the running bot and
 * offline, and the refusal to run anonymous on a non-loopback address.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { onEmbeddedDefaults, withDemoApprover, WEBCHAT_APPROVER } from '../../adapters/cli/commands/start.ts';
import { loadConfig } from '../../core/config.ts';
import { SAGEBOT, freePort, startSagebot } from '../e2e/sagebot-process.ts';

const run = promisify(execFile);
const dir = () => mkdtempSync(join(tmpdir(), 'sagebot-starttest-'));

describe('the demo approver', () => {
  it('is the web-chat user only on embedded defaults with SAGEBOT_APPROVERS unset', () => {
    const d = dir();
    const plain = loadConfig({ SAGEBOT_DATA_DIR: d });
    expect(onEmbeddedDefaults(plain)).toBe(true);
    expect(withDemoApprover(plain)).toMatchObject({ demoApprover: true, config: { approvers: [WEBCHAT_APPROVER] } });
    expect(withDemoApprover(loadConfig({ SAGEBOT_DATA_DIR: d, SAGEBOT_APPROVERS: 'jane@contoso.com' }))).toMatchObject({ demoApprover: false, config: { approvers: ['jane@contoso.com'] } });
    const realTeams = loadConfig({ SAGEBOT_DATA_DIR: d, MicrosoftAppId: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    expect(withDemoApprover(realTeams)).toMatchObject({ demoApprover: false, config: { approvers: [] } });
    const realManage = loadConfig({ SAGEBOT_DATA_DIR: d, MANAGE_URL: 'https://cw.example.com', MANAGE_COMPANY_ID: 'acme', MANAGE_CLIENT_ID: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f', MANAGE_PUBLIC_KEY: 'a', MANAGE_PRIVATE_KEY: 'b' });
    expect(withDemoApprover(realManage).demoApprover).toBe(false);
    rmSync(d, { recursive: true, force: true });
  });
});

describe('sagebot start as a process', () => {
  it('serves the web chat, resets the demo through the running bot, and stops cleanly on SIGINT', async () => {
    const sagebot = await startSagebot();
    try {
      expect((await fetch(`${sagebot.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${sagebot.url}/`)).text()).toContain('data-testid="message-input"');
      const out = await sagebot.cli(['demo', 'reset']);
      expect(out).toMatch(/Demo data restored/);
    } finally {
      expect(await sagebot.stop()).toBe(0);
    }
    expect(sagebot.stdout()).toMatch(/sagebot stopped/);
  }, 90_000);

  it('resets the demo Sage company offline when no bot is running', async () => {
    const d = dir();
    const env = { PATH: process.env.PATH ?? '', HOME: d, SAGEBOT_DATA_DIR: d, PORT: String(await freePort()) };
    const { stdout } = await run(process.execPath, [SAGEBOT, 'demo', 'reset'], { cwd: d, env });
    expect(stdout).toMatch(/Demo data restored/);
    rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('refuses to run anonymous on a non-loopback address, naming the fix', async () => {
    const d = dir();
    const env = { PATH: process.env.PATH ?? '', HOME: d, SAGEBOT_DATA_DIR: d, PORT: String(await freePort()), SAGEBOT_HOST: '0.0.0.0' };
    const err = await run(process.execPath, [SAGEBOT, 'start'], { cwd: d, env }).then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(2);
    expect(err?.stderr).toMatch(/Without MicrosoftAppId .* will not listen on 0\.0\.0\.0/);
    expect(err?.stderr).toMatch(/SAGEBOT_HOST=127\.0\.0\.1/);
    expect(err?.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    rmSync(d, { recursive: true, force: true });
  }, 60_000);
});
