/**
 * The web chat page itself in headless Chromium, against the Teams adapter with a scripted bot: typed text
 * goes out as a message activity, the card is drawn by the official renderer, an input is filled and an
 * Action.Execute pressed (an adaptiveCard/action invoke whose response replaces the card), and a later
 * proactive update replaces the same card in place. After a restart the page holds an old key and says so.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsServer, type TeamsServer } from '../../adapters/teams/index.ts';
import type {
  ActionEvent,
  ActionResponse,
  Bot,
  MessageEvent,
  MessageRef,
  Messenger,
  Replier,
} from '../../bot/events.ts';
import { loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import { HAVE_CHROMIUM, launchChromium, reportSkipped } from './chromium.ts';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'webchat-page');

function card(title: string, body: unknown[] = [], actions: unknown[] = []): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    body: [{ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true }, ...body],
    actions,
  };
}

/** Sends raw Adaptive Cards (the test renderer passes them through). */
class ScriptedBot implements Bot {
  messenger?: Messenger;
  ref?: MessageRef;
  pressed?: ActionEvent;
  async onMessage(event: MessageEvent, replier: Replier): Promise<void> {
    const preview = card(
      `Preview for "${event.text}"`,
      [{ type: 'Input.Text', id: 'batchId', label: 'Batch number', value: 'INV-0001' }],
      [
        {
          type: 'Action.Execute',
          title: 'Approve',
          verb: 'sagebot.approve',
          data: { flowId: 'f1' },
          style: 'positive',
        },
      ],
    );
    this.ref = await replier.reply({ text: 'preview', card: preview as never });
  }
  async onAction(event: ActionEvent): Promise<ActionResponse> {
    this.pressed = event;
    setTimeout(() => {
      if (this.ref)
        void this.messenger?.update(this.ref, {
          text: 'done',
          card: card(`Results: posted batch ${String(event.data.batchId)}`) as never,
        });
    }, 400);
    return { message: { text: 'progress', card: card('Posting 0 of 3') as never } };
  }
}

describe.skipIf(!HAVE_CHROMIUM)('web chat page in Chromium', () => {
  let dir: string;
  let teams: TeamsServer;
  let url: string;
  let browser: BrowserContext;
  const bot = new ScriptedBot();

  const serve = (port: string) => {
    const config = loadConfig({ SAGEBOT_DATA_DIR: dir, PORT: port });
    return createTeamsServer({
      teams: config.teams,
      dataDir: dir,
      logger: silentLogger(),
      render: (v) => v as never,
      webchat: { user: { id: 'demo', name: 'Demo' } },
    });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sagebot-page-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    teams = serve('0');
    bot.messenger = teams.messenger;
    teams.attach(bot);
    ({ url } = await teams.listen());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await teams?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends, renders, presses Action.Execute and shows in-place updates', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url.replace('127.0.0.1', 'localhost') + '/');
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('[data-testid="message-input"]', 'run invoices through friday');
    await page.click('[data-testid="send-button"]');
    const cardEl = page.locator('[data-testid="card"]').first();
    await cardEl.getByText('Preview for "run invoices through friday"').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '1-preview.png'), fullPage: true });
    await cardEl.locator('input').fill('INV-0042');
    await cardEl.getByRole('button', { name: 'Approve' }).click();
    await cardEl.getByText('Posting 0 of 3').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '2-progress.png'), fullPage: true });
    await cardEl.getByText('Results: posted batch INV-0042').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '3-results.png'), fullPage: true });
    expect(bot.pressed).toMatchObject({
      verb: 'sagebot.approve',
      data: { flowId: 'f1', batchId: 'INV-0042' },
      actor: { platform: 'webchat', id: 'demo' },
    });
    expect(await page.locator('[data-testid="bot-message"]').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('says so when sagebot restarts, since the page then holds an old key', async () => {
    const page = await browser.newPage();
    await page.goto(url.replace('127.0.0.1', 'localhost') + '/');
    await page.waitForSelector('body[data-ready="true"]');
    await teams.close();
    teams = serve(new URL(url).port);
    await teams.listen();
    await page.waitForSelector('[data-testid="connection-status"][data-state="restarted"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="toast"]').textContent()).toMatch(/restarted\. Reload this page/);
  });
});

reportSkipped(it);
