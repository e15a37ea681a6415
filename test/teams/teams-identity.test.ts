/**
 * Teams identity with MicrosoftAppId set, attacked end to end over HTTP (harness.ts: the real bot behind the
 * authenticated adapter, a loopback Bot Framework token service whose key, like Microsoft's, is endorsed for
 * several channels): a request without a JWT or with a forger's JWT, a signed request from another Bot
 * Framework channel (Direct Line, Web Chat), one from another tenant, one that claims the approver in from.id,
 * and one that claims the approver in card data. None reaches the bot as the approver; nothing is posted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/actions.ts';
import { type Harness, startHarness } from './harness.ts';
import { ALICE, actionsOf, BOB, invoke, MALLORY, message, post, type Where } from './helpers.ts';

let h: Harness;
let chat: Where;
const invoices = () => (h.sage().invoices as unknown[]).length;
const isPreview = (c: any) => Boolean(actionsOf(c).find((a) => a.verb === VERBS.approve));
let preview: { id: string; card: any };
let approve: (over?: Record<string, unknown>) => Record<string, any>;

beforeAll(async () => {
  h = await startHarness({ env: { SAGEBOT_APPROVERS: ALICE.aadObjectId } });
  chat = { serviceUrl: h.fake.url, conversationId: '19:identity@thread.tacv2', conversationType: 'channel' };
  preview = await h.ask(chat, BOB, 'run invoices through 2025-04-03', isPreview);
  const data = { ...actionsOf(preview.card).find((a) => a.verb === VERBS.approve).data, batchId: 'T-ID-1' };
  approve = (over = {}) => invoke(chat, MALLORY, preview.id, VERBS.approve, data, over);
}, 90_000);

afterAll(async () => {
  await h?.close();
});

async function nothingPosted(before: number): Promise<void> {
  await h.bot.idle();
  expect(invoices()).toBe(before);
}

describe('authenticated Teams endpoint', () => {
  it('refuses a request without a Bot Framework token, and audits it', async () => {
    const before = invoices();
    const r = await post(h.url, invoke(chat, ALICE, preview.id, VERBS.approve, { batchId: 'T-ID-1' }));
    expect(r.status).toBe(401);
    await nothingPosted(before);
    const refused = await h.app.audit.list({ action: 'refuse-request' });
    expect(refused.at(-1)?.details).toMatchObject({ status: 401, path: '/api/messages' });
  });

  it('refuses a token signed by anyone but the Bot Framework', async () => {
    const before = invoices();
    const activity = invoke(chat, ALICE, preview.id, VERBS.approve, { batchId: 'T-ID-1' });
    const r = await post(h.url, activity, { headers: { Authorization: h.auth.forged(chat.serviceUrl) } });
    expect(r.status).toBe(401);
    await nothingPosted(before);
  });

  it.each(['directline', 'webchat', 'emulator', 'slack'])(
    'refuses a correctly signed request from the %s channel, whose clients choose from.id',
    async (channelId) => {
      const before = invoices();
      const r = await h.post(h.url, invoke(chat, ALICE, preview.id, VERBS.approve, {}, { channelId }));
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'ChannelNotAccepted' });
      expect(r.body.error.message).toMatch(/Microsoft Teams only/);
      await nothingPosted(before);
    },
  );

  it('refuses another tenant, and a request that names no tenant, for a single-tenant bot', async () => {
    const before = invoices();
    const other = '11111111-2222-4333-8444-555555555555';
    const foreign = invoke(chat, ALICE, preview.id, VERBS.approve, {});
    foreign.channelData.tenant.id = other;
    foreign.conversation.tenantId = other;
    const mixed = invoke(chat, ALICE, preview.id, VERBS.approve, {});
    mixed.conversation.tenantId = other;
    const none = invoke(chat, ALICE, preview.id, VERBS.approve, {});
    delete none.channelData.tenant;
    delete none.conversation.tenantId;
    for (const activity of [foreign, mixed, none]) {
      const r = await h.post(h.url, activity);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('TenantNotAccepted');
    }
    await nothingPosted(before);
  });

  it('never takes from.id for a person: the approver id in from.id without an AAD object id is refused', async () => {
    const before = invoices();
    const claimed = approve({ from: { id: ALICE.aadObjectId, name: ALICE.name } });
    const r = await h.post(h.url, claimed);
    expect(r.body).toMatchObject({ type: 'application/vnd.microsoft.error', value: { code: 'Unidentified' } });
    const said = await h.post(h.url, message(chat, MALLORY, 'status', { from: { id: ALICE.aadObjectId } }));
    expect(said.status).toBe(200);
    await nothingPosted(before);
  });

  it('ignores identities claimed in card data: the presser is who Teams says', async () => {
    const before = invoices();
    const claims = {
      aadObjectId: ALICE.aadObjectId,
      actor: { platform: 'teams', id: ALICE.aadObjectId, aadObjectId: ALICE.aadObjectId, name: ALICE.name },
      from: { id: ALICE.id, aadObjectId: ALICE.aadObjectId },
      approvedBy: ALICE.aadObjectId,
      upn: 'alice@contoso.example',
    };
    const press = approve();
    press.value.action.data = { ...press.value.action.data, ...claims };
    const r = await h.post(h.url, press);
    expect(String(r.body.value)).toMatch(/not an approver/);
    await nothingPosted(before);
    const refusal = (await h.app.audit.list({ action: 'refuse' })).at(-1);
    expect(refusal).toMatchObject({ actor: { id: MALLORY.aadObjectId } });
  });

  it('refuses deliveryMode expectReplies, which would hand the card and its flow id to the caller', async () => {
    const r = await h.post(
      h.url,
      message(chat, BOB, 'run invoices through 2025-04-04', { deliveryMode: 'expectReplies' }),
    );
    expect(r.status).toBe(400);
    expect(r.text).not.toMatch(/flowId|activities/);
  });
});
