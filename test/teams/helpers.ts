/**
 * Builders for Teams-shaped activities and small helpers to post them to the bot's /api/messages and to read
 * the Adaptive Cards the fake connector received. Fixture builders take overrides.
 */
import { randomUUID } from 'node:crypto';

export const BOT = { id: '28:sagebot-test', name: 'sagebot' };
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export interface TestUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export const ALICE: TestUser = {
  id: '29:alice',
  name: 'Alice Approver',
  aadObjectId: 'aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa',
};
export const BOB: TestUser = {
  id: '29:bob',
  name: 'Bob Requester',
  aadObjectId: 'bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb',
};
export const CAROL: TestUser = {
  id: '29:carol',
  name: 'Carol Controller',
  aadObjectId: 'dddddddd-4444-4444-8444-dddddddddddd',
};
export const MALLORY: TestUser = {
  id: '29:mallory',
  name: 'Mallory',
  aadObjectId: 'cccccccc-3333-4333-8333-cccccccccccc',
};

export interface Where {
  serviceUrl: string;
  conversationId: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
}

function base(where: Where, user: TestUser, overrides: Record<string, unknown> = {}): Record<string, any> {
  const type = where.conversationType ?? 'personal';
  return {
    id: `act-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: where.serviceUrl,
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { ...BOT },
    conversation: {
      id: where.conversationId,
      conversationType: type,
      tenantId: TENANT,
      ...(type === 'channel' ? { isGroup: true } : {}),
    },
    channelData: {
      tenant: { id: TENANT },
      ...(type === 'channel'
        ? { team: { id: '19:team@thread.tacv2' }, channel: { id: where.conversationId.split(';')[0], name: 'Finance' } }
        : {}),
    },
    locale: 'en-GB',
    ...overrides,
  };
}

export function message(
  where: Where,
  user: TestUser,
  text: string,
  overrides: Record<string, unknown> = {},
): Record<string, any> {
  const mention = where.conversationType === 'channel' || where.conversationType === 'groupChat';
  return base(where, user, {
    type: 'message',
    text: mention ? `<at>${BOT.name}</at> ${text}` : text,
    textFormat: 'plain',
    ...(mention ? { entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: { ...BOT } }] } : {}),
    ...overrides,
  });
}

export function invoke(
  where: Where,
  user: TestUser,
  replyToId: string | undefined,
  verb: unknown,
  data: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, any> {
  return base(where, user, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...(replyToId ? { replyToId } : {}),
    value: { action: { type: 'Action.Execute', id: 'a1', verb, data }, trigger: 'manual' },
    ...overrides,
  });
}

export function submit(
  where: Where,
  user: TestUser,
  replyToId: string,
  value: Record<string, unknown>,
): Record<string, any> {
  return base(where, user, { type: 'message', replyToId, value });
}

export interface Posted {
  status: number;
  body: any;
  text: string;
}

export interface PostInit {
  contentType?: string;
  raw?: string;
  headers?: Record<string, string>;
}

export type Poster = (botUrl: string, activity: unknown, init?: PostInit) => Promise<Posted>;

export async function post(botUrl: string, activity: unknown, init: PostInit = {}): Promise<Posted> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': init.contentType ?? 'application/json', ...init.headers },
    body: init.raw ?? JSON.stringify(activity),
  });
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

/** `post` as the Bot Connector does it: each activity with a JWT for its serviceUrl (bot-framework-auth.ts). */
export function signedPost(auth: { header(serviceUrl: string): string }, fallbackServiceUrl: () => string): Poster {
  return (botUrl, activity, init = {}) => {
    const serviceUrl = (activity as { serviceUrl?: unknown } | undefined)?.serviceUrl;
    const token = auth.header(typeof serviceUrl === 'string' ? serviceUrl : fallbackServiceUrl());
    return post(botUrl, activity, { ...init, headers: { Authorization: token, ...init.headers } });
  };
}

export const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** The Adaptive Card of an activity, if any. */
export function cardOf(activity: any): any {
  return activity?.attachments?.find((a: any) => a.contentType === ADAPTIVE)?.content;
}

/** Every object in a card (depth-first), for finding actions and inputs. */
export function walk(node: unknown, out: any[] = []): any[] {
  if (Array.isArray(node)) node.forEach((n) => walk(n, out));
  else if (node && typeof node === 'object') {
    out.push(node);
    for (const v of Object.values(node)) walk(v, out);
  }
  return out;
}

export function actionsOf(card: any): any[] {
  return walk(card).filter((n) => typeof n.type === 'string' && n.type.startsWith('Action.'));
}

export function findAction(card: any, verb: string): any {
  return actionsOf(card).find((a) => a.verb === verb || a.data?.verb === verb);
}

export function inputOf(card: any, id: string): any {
  return walk(card).find((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id);
}

/** All visible text of a card, joined (for loose assertions). */
export function cardText(card: any): string {
  return walk(card)
    .flatMap((n) => [n.text, n.title, n.value, n.placeholder].filter((v) => typeof v === 'string'))
    .join(' \n');
}
