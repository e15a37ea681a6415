/**
 * Several Sage companies in chat: the company a message names (by alias, with the words around it), by
 * the location it names, or the default (said on the card with how to pick the other); a message naming two asks
 * which; every card names its company and a click acts on its card's company. One company changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openPreviewRequests, openPreviewSchedules } from '../../adapters/app/stores.ts';
import type { BotCompany } from '../../bot/companies.ts';
import { pickCompany } from '../../bot/companies.ts';
import { VERBS } from '../../cards/actions.ts';
import type { PaymentSyncView, PreviewView, ResultsView } from '../../cards/view-models.ts';
import { dataFolder } from '../../core/data-folder.ts';
import {
  action,
  actor,
  conversation,
  FakeEngine,
  FakePaymentSync,
  makeBot,
  message,
  RecordingReplier,
} from './fakes.ts';
import { askPreview, type Harness } from './helpers.ts';

const alice = actor('alice', 'Alice Jones');
const boss = actor('boss', 'Bea Boss');
let h: Harness;
afterEach(async () => {
  await h?.bot.close();
});

function twoCompanies() {
  const uk = { engine: new FakeEngine(), paymentSync: new FakePaymentSync() };
  const ie = { engine: new FakeEngine(), paymentSync: new FakePaymentSync() };
  const companies: BotCompany[] = [
    { id: 'uk', name: 'Northwind UK Ltd', aliases: ['UK'], isDefault: true, ...uk },
    {
      id: 'ie',
      name: 'Northwind Ireland Ltd',
      aliases: ['Irish', 'Dublin'],
      isDefault: false,
      locations: ['Cork', 7],
      baseCurrency: 'EUR',
      ...ie,
    },
  ];
  h = makeBot({ engine: uk.engine, paymentSync: uk.paymentSync, companies, operators: ['webchat:alice'] });
  return { uk, ie };
}

const company = (card: { summary: Array<{ title: string; value: string }> }) =>
  card.summary.find((f) => f.title === 'Company')?.value;

describe('several companies in chat', () => {
  it('"run invoices for Dublin through friday": the Irish company, through friday, named on the card; approval posts there', async () => {
    const { uk, ie } = twoCompanies();
    const { card, flowId } = await askPreview(h, 'run invoices for Dublin through friday', alice);
    expect(ie.engine.previews).toHaveLength(1);
    expect(uk.engine.previews).toHaveLength(0);
    expect(ie.engine.previews[0].opts).toMatchObject({ throughDate: '2026-11-27' });
    expect(ie.engine.previews[0].opts.location).toBeUndefined();
    expect(company(card)).toBe('Northwind Ireland Ltd');
    await h.bot.onAction(action(VERBS.approve, { flowId, batchId: card.batchId }, boss));
    await h.bot.idle();
    expect(ie.engine.runs).toHaveLength(1);
    expect(uk.engine.runs).toHaveLength(0);
    const results = h.messenger.updates.at(-1)?.message.card as ResultsView;
    expect(results.kind).toBe('results');
    expect(company(results)).toBe('Northwind Ireland Ltd');
  });

  it('no company named: the default, and the card says how to pick the other', async () => {
    const { uk, ie } = twoCompanies();
    const { card } = await askPreview(h, 'run invoices through friday', alice);
    expect(uk.engine.previews).toHaveLength(1);
    expect(ie.engine.previews).toHaveLength(0);
    expect(company(card)).toMatch(/^Northwind UK Ltd \(the default: .*"for Irish" \(Northwind Ireland Ltd\)/);
  });

  it('a location of the other company picks that company', async () => {
    const { uk, ie } = twoCompanies();
    const { card } = await askPreview(h, 'run invoices for Cork', alice);
    expect(uk.engine.previews).toHaveLength(0);
    expect(ie.engine.previews[0].opts.location).toBe('Cork');
    expect(company(card)).toMatch(/Northwind Ireland Ltd \(the company of that location\)/);
  });

  it("a schedule for a location of the other company is that company's schedule, with that location", async () => {
    twoCompanies();
    const replier = new RecordingReplier('room-1');
    await h.bot.onMessage(message('every weekday at 8:00 preview invoices for Cork here', alice), replier);
    expect(replier.replies.at(-1)?.message.text).toMatch(
      /I will preview invoices \(company ie\) for Cork, every weekday/,
    );
    const [schedule] = await openPreviewSchedules(dataFolder(h.dataDir)).list();
    expect(schedule).toMatchObject({ id: 'invoices@ie', company: 'ie', location: 'Cork' });
  });

  it('"sync payments for the Irish company": that company\'s payment sync, named on the card', async () => {
    const { uk, ie } = twoCompanies();
    const replier = new RecordingReplier('room-1');
    await h.bot.onMessage(message('sync payments for the Irish company', alice), replier);
    await h.bot.idle();
    expect(ie.paymentSync.calls).toHaveLength(1);
    expect(uk.paymentSync.calls).toHaveLength(0);
    const view = h.messenger.updates.at(-1)?.message.card as PaymentSyncView;
    expect(view.kind).toBe('paymentSync');
    expect(company(view)).toBe('Northwind Ireland Ltd');
  });

  it('a message naming two companies asks which, and does nothing', async () => {
    const { uk, ie } = twoCompanies();
    const replier = new RecordingReplier('room-1');
    await h.bot.onMessage(message('run invoices for UK and Irish', alice), replier);
    expect(replier.replies.at(-1)?.message.text ?? JSON.stringify(replier.replies.at(-1)?.message.card)).toMatch(
      /Which company.*Northwind UK Ltd.*Northwind Ireland Ltd/,
    );
    expect([...uk.engine.previews, ...ie.engine.previews]).toHaveLength(0);
  });

  it('"settings for Irish": that company\'s settings card, and its buttons change that company only', async () => {
    const { uk, ie } = twoCompanies();
    ie.engine.settings = { ...ie.engine.settings, splitInvoicing: false };
    const replier = new RecordingReplier('room-1');
    await h.bot.onMessage(message('settings for Irish', alice), replier);
    const card = replier.replies.at(-1)?.message.card as {
      title: string;
      settings: Array<{ key: string; value: boolean }>;
    };
    expect(card.title).toBe('Settings of Northwind Ireland Ltd');
    expect(card.settings.find((x) => x.key === 'splitInvoicing@ie')?.value).toBe(false);
    const answer = await h.bot.onAction(
      action(VERBS.setSetting, { settingKey: 'splitInvoicing@ie', settingValue: true }, alice),
    );
    expect(answer.message?.text).toMatch(/is now on/);
    expect(ie.engine.settings.splitInvoicing).toBe(true);
    expect(uk.engine.settings.splitInvoicing).toBe(true);
    const status = new RecordingReplier('room-1');
    await h.bot.onMessage(message('status', alice), status);
    expect(status.replies.at(-1)?.message.text).toMatch(/Posting now \(Northwind Ireland Ltd\): nothing/);
  });

  it('a preview asked for from the command line with --company is previewed for that company', async () => {
    const { uk, ie } = twoCompanies();
    await openPreviewRequests(dataFolder(h.dataDir)).submit({
      id: 'req-ie-1',
      kind: 'invoices',
      company: 'ie',
      options: { throughDate: '2026-11-27' },
      requester: { platform: 'cli', id: 'sam', name: 'Sam' },
      to: conversation('finance'),
      requestedAt: new Date().toISOString(),
    });
    expect(await h.bot.pickUpRequests()).toBe(1);
    expect(ie.engine.previews).toHaveLength(1);
    expect(uk.engine.previews).toHaveLength(0);
    const card = h.messenger.sent.at(-1)?.message.card as PreviewView;
    expect(company(card)).toBe('Northwind Ireland Ltd');
  });

  it('help names the companies and how to pick one', async () => {
    twoCompanies();
    const replier = new RecordingReplier('room-1');
    await h.bot.onMessage(message('help', alice), replier);
    const card = replier.replies.at(-1)?.message.card as { intro?: string };
    expect(card.intro).toMatch(
      /2 Sage companies: Northwind UK Ltd \(the default\), Northwind Ireland Ltd \(say "for Irish"\)/,
    );
  });

  it('one company: no Company line, nothing taken out of the message', async () => {
    h = makeBot();
    const { card } = await askPreview(h, 'run invoices through friday', alice);
    expect(company(card as PreviewView)).toBeUndefined();
  });

  it('pickCompany takes out the words naming the company, longest name first', () => {
    const companies = [
      { id: 'uk', name: 'Northwind', aliases: [], isDefault: true },
      { id: 'ie', name: 'Northwind Ireland', aliases: ['Irish'], isDefault: false },
    ] as unknown as BotCompany[];
    expect(pickCompany('sync payments for the Irish company', companies)).toMatchObject({
      kind: 'one',
      company: { id: 'ie' },
      text: 'sync payments',
    });
    expect(pickCompany('run invoices for Northwind Ireland through friday', companies)).toMatchObject({
      kind: 'one',
      company: { id: 'ie' },
      text: 'run invoices through friday',
    });
    expect(pickCompany('run invoices', companies)).toEqual({ kind: 'none', text: 'run invoices' });
  });
});
