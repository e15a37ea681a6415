/**
 * The command line is a door like chat: the person is the operating-system user (not SAGEBOT_USER or USER);
 * with approvers configured they must be one to post; four-eyes cannot be met at a terminal; operator tasks
 * need an operator; every refusal is answered (exit 1, or one JSON result) and recorded in the audit log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openAlertChannels, openAudit } from '../../adapters/app/stores.ts';
import { createCliContext } from '../../adapters/cli/context.ts';
import { main } from '../../adapters/cli/main.ts';
import { dataFolder } from '../../core/data-folder.ts';

const me = userInfo().username;
const root = mkdtempSync(join(tmpdir(), 'sagebot-cli-roles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = 0;
});
let n = 0;

/** A fresh data folder per call site; the environment as a user would set it. */
function setup(extra: Record<string, string>) {
  const dataDir = join(root, `d${++n}`);
  const env = {
    SAGEBOT_DATA_DIR: dataDir,
    SAGE_COMPANY_DIR: join(dataDir, 'sage'),
    SAGEBOT_LOG_LEVEL: 'silent',
    ...extra,
  };
  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const ctx = { ...createCliContext(env), out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    process.exitCode = 0;
    const code = await main(args, { ...ctx, interactive: false });
    process.exitCode = 0;
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const refusals = async () => openAudit(dataFolder(dataDir)).list({ action: 'refuse' });
  return { cli, refusals, dataDir };
}

/** A Manage that is "real" to the configuration; nothing listens there, so nothing can leave the machine. */
const REAL_MANAGE = {
  MANAGE_URL: 'http://127.0.0.1:9/v4_6_release/apis/3.0',
  MANAGE_COMPANY_ID: 'acme',
  MANAGE_CLIENT_ID: '2f8b4c1e-1d2a-4b9f-9d1c-0a1b2c3d4e5f',
  MANAGE_PUBLIC_KEY: 'pub',
  MANAGE_PRIVATE_KEY: 'priv',
};

describe('the command line identifies the operating-system user', () => {
  it('four-eyes: an approver at a terminal cannot post; told to use chat; refused and recorded', async () => {
    const { cli, refusals } = setup({ SAGEBOT_APPROVERS: `os:${me}`, SAGEBOT_FOUR_EYES: 'true', SAGEBOT_USER: 'Jane' });
    const r = await cli('run', 'invoices', '--batch', 'FE-1', '--yes');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Four-eyes is on/);
    expect(r.err).toMatch(/Teams or Slack/);
    expect(r.err).toMatch(/another approver presses Approve/);
    const rerun = await cli('rerun', 'FE-0', '--yes', '--json');
    expect(rerun.code).toBe(1);
    expect(JSON.parse(rerun.out)).toMatchObject({ outcome: 'failed', problems: [{ code: 'ACCESS_REFUSED' }] });
    const entries = await refusals();
    expect(entries.map((e) => [e.details.command, e.details.reason])).toEqual([
      ['post', 'four-eyes'],
      ['rerun', 'four-eyes'],
    ]);
    expect(entries[0].actor).toEqual({ id: me, name: 'Jane', platform: 'cli' });
    expect((await cli('batches')).code).toBe(0);
    expect((await cli('audit', '--json')).out).not.toMatch(/"action": "post"/);
  });

  it('SAGEBOT_USER and USER name nobody: with approvers listed, someone else at the terminal is refused', async () => {
    const { cli, refusals } = setup({
      SAGEBOT_APPROVERS: 'os:not-this-user-x,slack:U0APPROVER',
      SAGEBOT_USER: 'not-this-user-x',
      USER: 'not-this-user-x',
    });
    for (const args of [
      ['run', 'inventory', '--batch', 'NA-1', '--yes'],
      ['rerun', 'NA-0', '--force', '--yes'],
      ['resume'],
      ['batch', 'delete', 'NA-0', '--yes'],
      ['sync-payments', '--since', 'week'],
      ['settings', '--set', 'serviceInvoicing=true'],
      ['alerts', 'remove', 'slack:C1'],
      ['ledger', 'receipt', '--account', 'A1', '--invoice', '1', '--amount', '1.00', '--date', 'today'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toMatch(/SAGEBOT_APPROVERS/);
    }
    expect((await refusals()).map((e) => [e.details.command, e.details.reason, e.actor.id])).toEqual([
      ['post', 'not-approver', me],
      ['force', 'not-approver', me],
      ['resume', 'not-approver', me],
      ['batch-delete', 'not-approver', me],
      ['sync-payments', 'not-operator', me],
      ['settings', 'not-operator', me],
      ['alerts', 'not-operator', me],
      ['ledger-entry', 'not-approver', me],
    ]);
    expect((await cli('settings', '--json')).code).toBe(0);
    expect(JSON.parse((await cli('status', '--json')).out).you).toEqual({ id: `os:${me}`, role: 'none' });
  });

  it('an operator may sync, change settings and alerts, but not post', async () => {
    const { cli, dataDir } = setup({ SAGEBOT_APPROVERS: 'slack:U0APPROVER', SAGEBOT_OPERATORS: `os:${me}` });
    const channels = openAlertChannels(dataFolder(dataDir));
    await channels.add(
      { platform: 'slack', id: 'C1', key: 'slack:C1', isChannel: true },
      { id: 'U1', name: 'Jane', platform: 'slack' },
    );
    expect((await cli('alerts', 'remove', 'slack:C1')).code).toBe(0);
    const settings = await cli('settings', '--set', 'serviceInvoicing=true', '--json');
    expect(settings.code).toBe(0);
    expect(JSON.parse(settings.out)).toMatchObject({ serviceInvoicing: true });
    const post = await cli('run', 'inventory', '--batch', 'OP-1', '--yes');
    expect(post.code).toBe(1);
    expect(post.err).toMatch(/you are not an approver, so you cannot approve this batch/);
    expect((await cli('status')).out).toMatch(new RegExp(`^You \\(os:${me}\\): operator$`, 'm'));
  });

  it('a listed approver posts, recorded under the OS user with SAGEBOT_USER as the name', async () => {
    const { cli } = setup({ SAGEBOT_APPROVERS: `os:${me}`, SAGEBOT_USER: 'Jane Doe' });
    expect((await cli('run', 'inventory', '--batch', 'OK-1', '--yes')).code).toBe(0);
    const audit = JSON.parse((await cli('audit', '--json')).out) as Array<{ action: string; actor: { id: string } }>;
    expect(audit.filter((e) => e.action !== 'request').every((e) => e.actor.id === me)).toBe(true);
  });

  it('with a real Manage and no approvers, posting is refused with how to configure SAGEBOT_APPROVERS', async () => {
    const { cli } = setup(REAL_MANAGE);
    const r = await cli('run', 'invoices', '--batch', 'RM-1', '--yes');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no approvers are configured.*SAGEBOT_APPROVERS/);
  });
});

describe('doctor on roles', () => {
  it('warns when nobody can approve, states the demo rule, and shows who may', async () => {
    const { runDoctor, rolesCheck } = await import('../../adapters/cli/commands/doctor.ts');
    const lines = async (extra: Record<string, string>) => {
      const out: string[] = [];
      const ctx = {
        ...createCliContext({ SAGEBOT_DATA_DIR: join(root, 'doc'), ...extra }),
        out: (l: string) => out.push(l),
      };
      expect(await runDoctor(ctx, [rolesCheck])).toBe(true);
      return out.join('\n');
    };
    expect(await lines(REAL_MANAGE)).toMatch(/^! approvers and operators: nobody can approve.*\n.*SAGEBOT_APPROVERS/m);
    expect(await lines({})).toMatch(new RegExp(`demo rule: .*os:${me}`));
    expect(await lines({ ...REAL_MANAGE, SAGEBOT_APPROVERS: 'slack:U1', SAGEBOT_OPERATORS: 'os:ops' })).toMatch(
      /^✓ approvers and operators: approvers: slack:U1; operators: os:ops$/m,
    );
  });
});

describe('SAGEBOT_APPROVERS and SAGEBOT_OPERATORS are checked at start-up', () => {
  it.each([
    ['SAGEBOT_APPROVERS', 'teams:aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa, 29:1abc'],
    ['SAGEBOT_APPROVERS', 'jane'],
    ['SAGEBOT_APPROVERS', 'teams:not-a-guid'],
    ['SAGEBOT_APPROVERS', 'slack:jane'],
    ['SAGEBOT_OPERATORS', 'os:two words'],
    ['SAGEBOT_OPERATORS', 'mail:jane@contoso.com'],
  ])('%s=%s stops start-up, naming the entry', async (key, value) => {
    const { cli } = setup({ [key]: value });
    const bad = value.split(',').at(-1)!.trim();
    // Every command reads the configuration first (`start` included), so none gets going with a bad entry.
    for (const command of ['doctor', 'status', 'run']) {
      const r = await cli(command, ...(command === 'run' ? ['invoices', '--batch', 'X-1', '--yes'] : []));
      expect(r.code).toBe(2);
      expect(r.err).toContain(key);
      expect(r.err).toContain(`"${bad}"`);
    }
  });
});
