/**
 * The walk-through a newcomer does after `npm start`, in headless Chromium against `sagebot start` as a child
 * process on embedded defaults: the greeting on first load; "run invoices through friday", the preview card, a
 * batch number, Approve, progress, results; then the demo customers' payments plus a receipt recorded with
 * `sagebot ledger receipt`, "sync payments" (Manage invoices updated on the results card); "run expenses" with
 * its two broken claims, one left out by "except EXP2007" and the other by its tick plus Re-check, a reload
 * (the transcript and the live preview survive it, the replaced one says so), Approve, and the rest posts.
 * Then "Reset demo", which asks first, and the walk-through starts again. Screenshots of every step go to test-artifacts/browser/. Skipped, saying why, when Chromium is missing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, launchChromium, reportSkipped } from './chromium.ts';
import { REPO, type SagebotProcess, startSagebot } from './sagebot-process.ts';

const ARTIFACTS = join(REPO, 'test-artifacts', 'browser');
const BATCH = 'E2E-INV-001';

describe.skipIf(!HAVE_CHROMIUM)('npm start walk-through in Chromium', () => {
  let sagebot: SagebotProcess;
  let browser: BrowserContext;
  let page: Page;
  let step = 0;
  /** The page, and the card the step is about in full (the transcript scrolls, so the page shot may cut it). */
  const shot = async (name: string, card?: Locator) => {
    step += 1;
    const base = join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}`);
    await page.screenshot({ path: `${base}.png` });
    if (card) await card.screenshot({ path: `${base}-card.png` }).catch(() => undefined);
  };
  /** Records the text of every card state the page draws, so a short-lived progress card is not missed. */
  const recordCardStates = () =>
    page.evaluate(`(() => {
    window.cardStates = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="card"]')) {
        const t = el.textContent || '';
        if (window.cardStates[window.cardStates.length - 1] !== t) window.cardStates.push(t);
      }
    }).observe(document.getElementById('transcript'), { childList: true, subtree: true, characterData: true });
  })()`);
  const cardStates = () => page.evaluate('window.cardStates') as Promise<string[]>;
  const say = async (text: string) => {
    await page.fill('[data-testid="message-input"]', text);
    await page.click('[data-testid="send-button"]');
  };
  const cardWith = (text: string | RegExp): Locator =>
    page.locator('[data-testid="card"]').filter({ hasText: text }).last();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sagebot = await startSagebot();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1200, height: 2400 }); // tall cards fit in one screenshot
    page.setDefaultTimeout(45_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    const code = await sagebot?.stop();
    expect(code).toBe(0);
  }, 60_000);

  it('starts on embedded defaults and says what it started, and who approves', () => {
    const banner = sagebot.stdout();
    expect(banner).toMatch(/Manage: +embedded sandbox/);
    expect(banner).toMatch(/Sage: +embedded company/);
    expect(banner).toContain(`Web chat:  ${sagebot.url}/`);
    expect(banner).toMatch(/DEMO MODE: the web-chat user .* is an approver/);
  });

  it('greets on first load with what it can do', async () => {
    await page.goto(`${sagebot.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    const greeting = cardWith(/What sagebot can do/);
    await greeting.waitFor();
    expect(await greeting.textContent()).toMatch(/Hello, I am sagebot/);
    await shot('greeting', greeting);
  }, 60_000);

  it('previews, approves and posts the invoices, with progress and results', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${sagebot.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    await shot('web-chat');

    await say('run invoices through friday');
    const preview = cardWith(/Unposted invoices through/);
    await preview.getByRole('button', { name: 'Approve' }).waitFor();
    expect(await preview.textContent()).toMatch(/Friday \d+ \w+ \d{4} \(\d{4}-\d{2}-\d{2}\)/);
    await shot('preview', preview);

    const batch = preview.locator('input[type="text"]').first(); // the batch number (the ticks are checkboxes)
    await batch.fill(BATCH);
    await shot('batch-number', preview);
    const cardId = await preview.getAttribute('data-activity-id');
    const sameCard = page.locator(`[data-testid="card"][data-activity-id="${cardId}"]`);
    await recordCardStates();
    await preview.getByRole('button', { name: 'Approve' }).click();

    // The same card becomes the progress card, then the results card (updated in place).
    const progress = /\d+ of \d+ \(\d+%\)/;
    await sameCard
      .filter({ hasText: progress })
      .waitFor({ timeout: 30_000 })
      .then(() => shot('progress', sameCard))
      .catch(() => undefined);
    await sameCard.filter({ hasText: `Batch ${BATCH}: completed` }).waitFor({ timeout: 120_000 });
    await shot('results', sameCard);
    const states = await cardStates();
    // A progress state of this batch was shown: counted ("n of N (x%)") or, before counting starts, its phase
    // (never "0 of 0 (0%)"). A short batch can finish between two throttled counted updates.
    const phase = /Checking nothing changed|Validating mappings|Posting to Sage|Creating the Manage batch/;
    expect(states.some((t) => (progress.test(t) || phase.test(t)) && t.includes(BATCH))).toBe(true);
    expect(states.some((t) => /\b0 of 0 \(0%\)/.test(t))).toBe(false);
    // The result appears once in this chat: the web chat is also an alert channel, and gets no alert of it.
    expect(
      await page
        .locator('[data-testid="card"]')
        .filter({ hasText: `Batch ${BATCH} completed` })
        .count(),
    ).toBe(0);
    expect(errors).toEqual([]);
  }, 240_000);

  it('records a receipt in Sage with the CLI, syncs payments from chat: the demo payments and it update Manage', async () => {
    const company = JSON.parse(await sagebot.cli(['ledger', 'export', '--json'])) as {
      invoices: Array<Record<string, any>>;
    };
    // The demo's customers have already paid some invoices (the demo company records their receipts and a
    // credit allocation once the invoices are posted); one more is received here, with the CLI.
    expect(company.invoices.filter((i) => Number(i.amountPaid) > 0).length).toBeGreaterThanOrEqual(4);
    const invoice = company.invoices.find((i) => !/credit/i.test(String(i.kind)) && Number(i.amountPaid) === 0);
    expect(invoice).toBeTruthy();
    const number = String(invoice!.number);
    const account = String(invoice!.account);
    const receipt = await sagebot.cli([
      'ledger',
      'receipt',
      '--account',
      account,
      '--invoice',
      number,
      '--amount',
      '10.00',
      '--date',
      'today',
    ]);
    expect(receipt).toMatch(/Recorded/);

    await say('sync payments');
    // This chat shows the results card; the alert goes to the alert channels, not again into the chat that
    // already shows the result (one result per chat).
    const results = page
      .locator('[data-testid="card"]')
      .filter({ hasText: /Payment sync since/ })
      .filter({ hasText: /Invoices updated/ })
      .last();
    await results.waitFor({ timeout: 60_000 });
    await shot('payment-sync-results', results);
    const text = (await results.textContent()) ?? '';
    expect(text).toMatch(/Updated in Manage\s*5/);
    for (const n of ['10001', '10003', '10019', '10034', number.slice(0, -1)]) expect(text).toContain(n);
  }, 180_000);

  it('leaves the broken expense claims out, survives a reload, and posts the rest', async () => {
    await say('run expenses');
    const first = cardWith(/Unposted expenses through/);
    await first.filter({ hasText: 'EXP2013' }).waitFor();
    const firstId = await first.getAttribute('data-activity-id');
    const firstText = (await first.textContent()) ?? '';
    for (const claim of ['EXP2007', 'EXP2013']) expect(firstText).toContain(claim); // both broken claims shown
    expect(firstText).toMatch(/2 problems?/i);
    await shot('expenses-blocked', first);

    await say('run expenses except EXP2007');
    const preview = page
      .locator(`[data-testid="card"]:not([data-activity-id="${firstId}"])`)
      .filter({ hasText: /Unposted expenses through/ })
      .last();
    await preview.filter({ hasText: 'EXP2013' }).waitFor();
    const cardId = await preview.getAttribute('data-activity-id');
    await preview.getByRole('checkbox', { name: /EXP2013/ }).uncheck();
    await preview.getByRole('button', { name: 'Re-check' }).click();
    const sameCard = () => page.locator(`[data-testid="card"][data-activity-id="${cardId}"]`);
    await sameCard().getByRole('button', { name: 'Approve' }).waitFor();
    await shot('expenses-ready', sameCard());

    // A reload keeps the transcript, the live preview as Re-check left it, and the replaced one saying so.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const lines = page.locator('[data-testid="user-message"]');
    await lines.filter({ hasText: 'run expenses except EXP2007' }).waitFor();
    expect(await lines.filter({ hasText: /^run expenses$/ }).count()).toBe(1);
    expect(await cardWith(/What sagebot can do/).count()).toBe(1); // greeted once, not again on reload
    await page
      .locator(`[data-testid="card"][data-activity-id="${firstId}"]`)
      .filter({ hasText: /Replaced by a newer preview/ })
      .waitFor();
    const reloaded = sameCard();
    await reloaded.getByRole('button', { name: 'Approve' }).waitFor();
    await shot('expenses-after-reload', reloaded);

    await reloaded.locator('input[type="text"]').first().fill('E2E-EXP-001');
    await reloaded.getByRole('button', { name: 'Approve' }).click();
    await reloaded.filter({ hasText: 'Batch E2E-EXP-001: completed' }).waitFor({ timeout: 120_000 });
    await shot('expenses-results', reloaded);
    const results = (await reloaded.textContent()) ?? '';
    for (const posted of ['EXP2001', 'EXP2004', 'EXP2010']) expect(results).toContain(posted);
    for (const left of ['EXP2007', 'EXP2013']) expect(results).not.toContain(left);
  }, 240_000);

  it('resets the demo so the walk-through can be repeated, after asking first', async () => {
    const before = await page.locator('[data-testid="bot-message"]').count();
    await page.click('[data-testid="reset-demo"]');
    const dialog = page.locator('[data-testid="reset-dialog"]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/cannot be undone/);
    await page.click('[data-testid="reset-cancel"]');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.locator('[data-testid="bot-message"]').count()).toBe(before); // kept: nothing was wiped

    await page.click('[data-testid="reset-demo"]');
    await shot('reset-asks', dialog);
    await page.click('[data-testid="reset-confirm"]');
    await page.locator('[data-testid="toast"]').filter({ hasText: 'Demo data restored' }).waitFor({ timeout: 60_000 });
    // The page learns of the reset from the server's event stream, which may come after the toast: wait for the
    // transcript to be cleared before looking for the fresh greeting (the old one could still be on the page).
    const count = (testid: string) => page.locator(`[data-testid="${testid}"]`).count();
    await expect.poll(() => count('user-message'), { timeout: 60_000 }).toBe(0);
    await cardWith(/What sagebot can do/).waitFor(); // a fresh start greets again
    await expect.poll(() => count('bot-message'), { timeout: 30_000 }).toBe(1);
    await say('run invoices through friday');
    const preview = cardWith(/Unposted invoices through/);
    await preview.getByRole('button', { name: 'Approve' }).waitFor();
    expect(await preview.textContent()).not.toMatch(/already in Sage/i);
    await shot('after-reset', preview);
  }, 120_000);
});

reportSkipped(it);
