/**
 * `sagebot start` and `sagebot demo reset` as a user runs them: the demo-approver rule (only on embedded
 * defaults with SAGEBOT_APPROVERS unset), a clean stop on SIGINT, the demo reset through the running bot and
 * offline, and the refusal to run anonymous on a non-loopback address.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WEBCHAT_APPROVER, withDemoApprover } from '../../adapters/app/demo.ts';
import { VERBS } from '../../cards/actions.ts';
import { loadConfig, onEmbeddedDefaults } from '../../core/config.ts';
import { freePort, SAGEBOT, startSagebot } from '../e2e/sagebot-process.ts';
import { actionsOf, cardText } from './helpers.ts';
import { approveData, openWebchat } from './webchat-client.ts';

const run = promisify(execFile);
const dir = () => mkdtempSync(join(tmpdir(), 'sagebot-starttest-'));

describe('the demo approver', () => {
  it('is the web-chat user only on embedded defaults with SAGEBOT_APPROVERS unset', () => {
    const d = dir();
    const plain = loadConfig({ SAGEBOT_DATA_DIR: d });
    expect(onEmbeddedDefaults(plain)).toBe(true);
    expect(withDemoApprover(plain)).toMatchObject({ demoApprover: true, config: { approvers: [WEBCHAT_APPROVER] } });
    expect(withDemoApprover(loadConfig({ SAGEBOT_DATA_DIR: d, SAGEBOT_APPROVERS: 'jane@contoso.com' }))).toMatchObject({
      demoApprover: false,
      config: { approvers: ['jane@contoso.com'] },
    });
    const realTeams = loadConfig({
      SAGEBOT_DATA_DIR: d,
      MicrosoftAppId: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f',
      MicrosoftAppPassword: 'x',
      MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    expect(withDemoApprover(realTeams)).toMatchObject({ demoApprover: false, config: { approvers: [] } });
    const realManage = loadConfig({
      SAGEBOT_DATA_DIR: d,
      MANAGE_URL: 'https://cw.example.com',
      MANAGE_COMPANY_ID: 'acme',
      MANAGE_CLIENT_ID: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f',
      MANAGE_PUBLIC_KEY: 'a',
      MANAGE_PRIVATE_KEY: 'b',
    });
    expect(withDemoApprover(realManage).demoApprover).toBe(false);
    rmSync(d, { recursive: true, force: true });
  });
});

describe('sagebot start as a process', () => {
  it('serves the web chat, resets the demo through the running bot, and stops cleanly on SIGINT', async () => {
    const sagebot = await startSagebot({
      SAGEBOT_PAYMENT_SYNC_CRON: '0 7 * * 1-5',
      SAGEBOT_TIMEZONE: 'Pacific/Auckland',
    });
    try {
      // The next sync in the chat's zone and format, the zone named (not a UTC instant).
      expect(sagebot.stdout()).toMatch(/0 7 \* \* 1-5 \(Pacific\/Auckland\), next \d{1,2} \w{3} \d{4} 07:00/);
      // The embedded defaults' second demo company, named with its location and books.
      expect(sagebot.stdout()).toMatch(
        /Two companies: "Northwind IT Services Ltd" \(the default\) and "Northwind IT Services \(Ireland\) Ltd" \(Dublin, EUR books\)/,
      );
      expect((await fetch(`${sagebot.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${sagebot.url}/`)).text()).toContain('data-testid="message-input"');
      const out = await sagebot.cli(['demo', 'reset', '--yes']);
      expect(out).toMatch(/Demo data restored/);
    } finally {
      expect(await sagebot.stop()).toBe(0);
    }
    expect(sagebot.stdout()).toMatch(/sagebot stopped/);
  }, 90_000);

  it('resets the demo Sage company offline when no bot is running', async () => {
    const d = dir();
    const env = { PATH: process.env.PATH ?? '', HOME: d, SAGEBOT_DATA_DIR: d, PORT: String(await freePort()) };
    const { stdout } = await run(process.execPath, [SAGEBOT, 'demo', 'reset', '--yes'], { cwd: d, env });
    expect(stdout).toMatch(/Demo data restored/);
    rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('says in one line that the port is in use, and exits non-zero with no stack trace', async () => {
    const d = dir();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    const env = { PATH: process.env.PATH ?? '', HOME: d, SAGEBOT_DATA_DIR: d, PORT: String(port) };
    try {
      const err = await run(process.execPath, [SAGEBOT, 'start'], { cwd: d, env }).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(err?.code).toBe(1);
      // bin/sagebot.js may add its own "sagebot: note:" line (running from sources); the failure is one line.
      const lines = String(err?.stderr)
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('sagebot: note:'));
      expect(lines).toEqual([
        expect.stringMatching(
          new RegExp(`^sagebot start: Port ${port} on 127\\.0\\.0\\.1 is already in use.*set PORT to a free port`),
        ),
      ]);
    } finally {
      holder.close();
      rmSync(d, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses to run anonymous on a non-loopback address, naming the fix', async () => {
    const d = dir();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: d,
      SAGEBOT_DATA_DIR: d,
      PORT: String(await freePort()),
      SAGEBOT_HOST: '0.0.0.0',
    };
    const err = await run(process.execPath, [SAGEBOT, 'start'], { cwd: d, env }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toMatch(/Without MicrosoftAppId .* will not listen on 0\.0\.0\.0/);
    expect(err?.stderr).toMatch(/SAGEBOT_HOST=127\.0\.0\.1/);
    expect(err?.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    rmSync(d, { recursive: true, force: true });
  }, 60_000);
});

describe('npm start driven through its web chat', () => {
  it('with approvers configured: the same walk-through data (expenses keep their broken mappings), an approved batch posts once', async () => {
    const sagebot = await startSagebot({ SAGEBOT_APPROVERS: WEBCHAT_APPROVER });
    const chat = await openWebchat(sagebot.url);
    try {
      expect(sagebot.stdout()).toMatch(/Approvers: webchat:sagebot-demo/);
      expect(sagebot.stdout()).not.toMatch(/DEMO MODE/);
      let mark = chat.mark();
      await chat.say('run expenses through friday');
      const blocked = await chat.cardAfter(mark, (c) => /Fix these before posting/.test(cardText(c)));
      expect(actionsOf(blocked.card).map((a) => a.verb)).not.toContain(VERBS.approve);

      mark = chat.mark();
      await chat.say('run invoices through 2025-04-03');
      const preview = await chat.cardAfter(mark, (c) => actionsOf(c).some((a) => a.verb === VERBS.approve));
      const data = { ...approveData(preview.card, VERBS.approve), batchId: 'NPM-1' };
      const clicks = await Promise.all([1, 2].map(() => chat.press(preview.id, VERBS.approve, data)));
      for (const c of clicks) expect(c.status).toBe(200);
      await chat.cardBecomes(preview.id, (c) => /Batch NPM-1: completed/.test(cardText(c)));
      const company = JSON.parse(await sagebot.cli(['ledger', 'export', '--json'])) as { invoices: unknown[] };
      const posted = company.invoices.length;
      expect(posted).toBeGreaterThan(0);
      await chat.press(preview.id, VERBS.approve, data);
      const again = JSON.parse(await sagebot.cli(['ledger', 'export', '--json'])) as { invoices: unknown[] };
      expect(again.invoices.length).toBe(posted);
    } finally {
      chat.close();
      expect(await sagebot.stop()).toBe(0);
    }
  }, 120_000);

  it('SAGEBOT_DEMO_DATA=full serves the broken demo invoices too, and says so', async () => {
    const sagebot = await startSagebot({ SAGEBOT_APPROVERS: WEBCHAT_APPROVER, SAGEBOT_DEMO_DATA: 'full' });
    const chat = await openWebchat(sagebot.url);
    try {
      expect(sagebot.stdout()).toMatch(/Demo data: the full demo set/);
      expect(sagebot.stdout()).not.toMatch(/Two companies/);
      const mark = chat.mark();
      await chat.say('preview invoices through friday');
      const blocked = await chat.cardAfter(mark, (c) => /Fix these before posting/.test(cardText(c)));
      expect(cardText(blocked.card)).toMatch(/Harbour Lights Cafe/);
    } finally {
      chat.close();
      expect(await sagebot.stop()).toBe(0);
    }
  }, 120_000);
});
