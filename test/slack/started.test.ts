/**
 * sagebot as a user starts it: `node bin/sagebot.js start` in a child process with Slack settings in the
 * environment (HTTP mode, SLACK_API_URL at the loopback fake), on the embedded defaults it creates itself.
 * Signed requests drive it; the posting is read back from the Sage company it made; SIGTERM stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import { exportCompany } from '../../core/sage/embedded/index.ts';
import { allText, batchState, button } from './cards.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { SIGNING_SECRET } from './helpers.ts';
import { SlackSender } from './signed.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APPROVER = 'UAPPROVER1';
let fake: FakeSlack;
let child: ChildProcess;
let send: SlackSender;
let dataDir: string;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

beforeAll(async () => {
  fake = await startFakeSlack();
  dataDir = mkdtempSync(join(tmpdir(), 'sagebot-started-'));
  const [teamsPort, slackPort] = [await freePort(), await freePort()];
  child = spawn(process.execPath, [join(root, 'bin', 'sagebot.js'), 'start'], {
    cwd: dataDir, // no .env there: only what we pass
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SAGEBOT_DATA_DIR: dataDir,
      PORT: String(teamsPort),
      SAGEBOT_LOG_LEVEL: 'warn',
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_PORT: String(slackPort),
      SAGEBOT_APPROVERS: APPROVER,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  // The banner's last line: everything before it (the Slack line included) has been written.
  await fake.waitFor(() => output.includes('Press Ctrl-C to stop.') || child.exitCode !== null, 45_000);
  if (!output.includes('Press Ctrl-C to stop.')) throw new Error(`sagebot start failed:\n${output}`);
  send = new SlackSender(`http://127.0.0.1:${slackPort}/slack/events`, SIGNING_SECRET, fake.responseUrl);
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  await fake?.close();
});

describe('sagebot start with Slack settings', () => {
  it('says Slack is on in the banner and has checked the token', () => {
    expect(output).toMatch(/Slack:\s+HTTP on port/);
    expect(fake.callsOf('auth.test').length).toBeGreaterThanOrEqual(1);
  });

  it('a mention, an Approve, and the documents are in the Sage company it created', async () => {
    await send.mention('UALICE0001', 'C0FINANCE', '<@UBOT0001> run inventory through 2025-04-30');
    const card = await fake.waitFor(() => fake.messagesIn('C0FINANCE').find((m) => button(m, VERBS.approve)), 30_000);
    const res = await send.click(
      APPROVER,
      'C0FINANCE',
      card.ts,
      { action_id: VERBS.approve, value: button(card, VERBS.approve)?.value },
      batchState(card, 'STARTED-1'),
    );
    expect(res.status).toBe(200);
    await fake.waitFor(() => /completed|failed/i.test(fake.message('C0FINANCE', card.ts)?.text ?? ''), 30_000);
    expect(allText(fake.message('C0FINANCE', card.ts))).toContain('STARTED-1');
    const sage = exportCompany(join(dataDir, 'sage-company')) as Record<string, any[]>;
    expect(sage.purchaseOrders.length).toBeGreaterThan(0);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('sagebot stopped.');
  }, 30_000);
});
