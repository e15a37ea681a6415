/**
 * The local, emulator-style Bot Connector the web chat uses: the routes botbuilder's ConnectorClient calls
 * (`/v3/conversations/...`: create, send, reply, update) served under /webchat/connector/, so the real CloudAdapter path runs and the
 * bot's replies and card updates land in the WebchatHub, which streams them to the page.
 */
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../../core/logger.ts';
import { notLocal } from '../trust.ts';
import type { StoredActivity, WebchatHub } from './hub.ts';

export const CONNECTOR_PATH = '/webchat/connector';

function fail(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

function activityBody(req: Request): Record<string, unknown> | undefined {
  const b = req.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : undefined;
}

export interface ConnectorUser {
  id: string;
  name: string;
}

export function mountConnector(server: Server, hub: WebchatHub, user: ConnectorUser, logger: Logger): void {
  const base = `${CONNECTOR_PATH}/v3/conversations`;
  const guard = (handler: (req: Request, res: Response) => void) => async (req: Request, res: Response) => {
    const problem = notLocal(req);
    if (problem) return fail(res, problem.status, problem.code, problem.message);
    try {
      handler(req, res);
    } catch (e) {
      logger.warn({ err: e }, 'webchat connector: request failed');
      fail(res, 400, 'BadRequest', 'The request could not be read.');
    }
  };

  const send = guard((req, res) => {
    const conversationId = req.params.conversationId ?? '';
    const body = activityBody(req);
    if (!conversationId || !body)
      return fail(res, 400, 'BadRequest', 'An activity body and a conversation id are needed.');
    if (body.type === 'trace') return void res.send(200, { id: '' });
    const id = hub.nextId();
    const activity: StoredActivity = {
      ...body,
      id,
      conversation: { id: conversationId },
      timestamp: new Date().toISOString(),
    };
    if (req.params.activityId) activity.replyToId = req.params.activityId;
    hub.upsert(conversationId, activity);
    res.send(200, { id });
  });

  server.post(
    base,
    guard((_req, res) => res.send(200, { id: `wc-conv-${hub.nextId()}` })),
  );
  server.post(`${base}/:conversationId/activities`, send);
  server.post(`${base}/:conversationId/activities/:activityId`, send);
  server.put(
    `${base}/:conversationId/activities/:activityId`,
    guard((req, res) => {
      const conversationId = req.params.conversationId ?? '';
      const activityId = req.params.activityId ?? '';
      const body = activityBody(req);
      if (!body) return fail(res, 400, 'BadRequest', 'An activity body is needed.');
      const before = hub.get(conversationId, activityId);
      if (!before)
        return fail(res, 404, 'ActivityNotFoundInConversation', 'The activity to update is not in this conversation.');
      hub.upsert(conversationId, {
        ...body,
        id: activityId,
        conversation: { id: conversationId },
        replyToId: before.replyToId,
        timestamp: before.timestamp,
        updated: new Date().toISOString(),
      });
      res.send(200, { id: activityId });
    }),
  );
  server.del(
    `${base}/:conversationId/activities/:activityId`,
    guard((req, res) => {
      hub.remove(req.params.conversationId ?? '', req.params.activityId ?? '');
      res.send(200, {});
    }),
  );
  const member = { id: user.id, name: user.name, userPrincipalName: undefined };
  server.get(
    `${base}/:conversationId/members`,
    guard((_req, res) => res.send(200, [member])),
  );
  server.get(
    `${base}/:conversationId/members/:memberId`,
    guard((req, res) => {
      if (req.params.memberId !== user.id) return fail(res, 404, 'NotFound', 'No such member.');
      res.send(200, member);
    }),
  );
}
