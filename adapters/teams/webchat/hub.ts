/**
 * The web chat's conversations, in memory: the transcript of each one (the bot's activities in their latest
 * version, the user's typed lines, the card an Action.Execute answer put in place), so a reloading or
 * reconnecting page gets it again, and the pages listening to it over Server-Sent Events. Kept here, server
 * side, because only the server sees every card update (progress arrives long after the click); the page
 * holds nothing it could get wrong or forge. Bounded so a long-running demo cannot grow without limit. With a
 * `keep` hook the transcript survives a restart (transcript-file.ts writes it to the data folder), so a page
 * reloaded after one still shows the previews the bot keeps open.
 */
import type { ServerResponse } from 'node:http';

export interface StoredActivity {
  id: string;
  [key: string]: unknown;
}

interface ConversationState {
  activities: Map<string, StoredActivity>;
  /** How many times each activity was written: an answer computed before a later update must not undo it. */
  revisions: Map<string, number>;
  listeners: Set<ServerResponse>;
  touched: number;
  greeted: boolean;
}

const MAX_CONVERSATIONS = 200;
const MAX_ACTIVITIES = 300;

/** The transcript as kept between starts: per conversation, its activities in order and whether it was greeted. */
export interface TranscriptSnapshot {
  conversations: Record<string, { activities: StoredActivity[]; greeted: boolean; touched: number }>;
}

export interface HubKeeping {
  /** What an earlier start kept. */
  saved?: TranscriptSnapshot;
  /** Called after every change (the keeper debounces and writes `snapshot()`). */
  changed: () => void;
}

export class WebchatHub {
  private readonly conversations = new Map<string, ConversationState>();
  private sequence = 0;

  constructor(private readonly keep?: HubKeeping) {
    for (const [id, c] of Object.entries(keep?.saved?.conversations ?? {})) {
      const activities = new Map(c.activities.filter((a) => typeof a?.id === 'string').map((a) => [a.id, a]));
      const revisions = new Map([...activities.keys()].map((k) => [k, 1]));
      this.conversations.set(id, {
        activities,
        revisions,
        listeners: new Set(),
        touched: c.touched,
        greeted: c.greeted,
      });
    }
  }

  /** The `limit` most recently used conversations, each with its last `perConversation` activities. */
  snapshot(limit: number, perConversation: number): TranscriptSnapshot {
    const recent = [...this.conversations.entries()]
      .filter(([, s]) => s.activities.size > 0 || s.greeted)
      .sort((a, b) => b[1].touched - a[1].touched)
      .slice(0, limit);
    const conversations: TranscriptSnapshot['conversations'] = {};
    for (const [id, s] of recent)
      conversations[id] = {
        activities: [...s.activities.values()].slice(-perConversation),
        greeted: s.greeted,
        touched: s.touched,
      };
    return { conversations };
  }

  nextId(): string {
    this.sequence += 1;
    return `wc-${Date.now().toString(36)}-${this.sequence}`;
  }

  private state(conversationId: string): ConversationState {
    let s = this.conversations.get(conversationId);
    if (!s) {
      s = { activities: new Map(), revisions: new Map(), listeners: new Set(), touched: Date.now(), greeted: false };
      this.conversations.set(conversationId, s);
      this.evict();
    }
    s.touched = Date.now();
    return s;
  }

  private evict(): void {
    if (this.conversations.size <= MAX_CONVERSATIONS) return;
    const idle = [...this.conversations.entries()]
      .filter(([, s]) => s.listeners.size === 0)
      .sort((a, b) => a[1].touched - b[1].touched);
    for (const [id] of idle.slice(0, this.conversations.size - MAX_CONVERSATIONS)) this.conversations.delete(id);
  }

  /** Records a new or replaced activity and pushes it to the conversation's pages. */
  upsert(conversationId: string, activity: StoredActivity): void {
    const s = this.state(conversationId);
    s.activities.set(activity.id, activity);
    s.revisions.set(activity.id, (s.revisions.get(activity.id) ?? 0) + 1);
    if (s.activities.size > MAX_ACTIVITIES) {
      const oldest = s.activities.keys().next().value as string;
      s.activities.delete(oldest);
      s.revisions.delete(oldest);
    }
    this.push(s, 'activity', activity);
    this.keep?.changed();
  }

  /** How many times the activity was written (0: never); pass it to replaceCard to lose to any later write. */
  revision(conversationId: string, activityId: string): number {
    return this.conversations.get(conversationId)?.revisions.get(activityId) ?? 0;
  }

  /**
   * Puts `attachments` in place on a stored activity (the card an invoke answer shows), unless the activity
   * was written again since `revision` (a progress or results update is newer and wins). True when applied.
   */
  replaceCard(conversationId: string, activityId: string, attachments: unknown[], revision: number): boolean {
    const before = this.get(conversationId, activityId);
    if (!before || this.revision(conversationId, activityId) !== revision) return false;
    this.upsert(conversationId, { ...before, attachments, updated: new Date().toISOString() });
    return true;
  }

  /** The user's own typed line, as the page showed it; never replaces anything already held under its id. */
  addUserLine(conversationId: string, id: string, text: string): void {
    if (this.has(conversationId, id)) return;
    this.upsert(conversationId, {
      id,
      type: 'message',
      from: { role: 'user' },
      text,
      timestamp: new Date().toISOString(),
    });
  }

  /**
   * True the first time a conversation with an empty transcript asks to be greeted: a page greets on its
   * first load, and a second tab, a reload before the greeting arrived or a reconnect must not greet again.
   */
  claimGreeting(conversationId: string): boolean {
    const s = this.state(conversationId);
    if (s.greeted || s.activities.size > 0) return false;
    s.greeted = true;
    this.keep?.changed();
    return true;
  }

  has(conversationId: string, activityId: string): boolean {
    return this.conversations.get(conversationId)?.activities.has(activityId) ?? false;
  }

  get(conversationId: string, activityId: string): StoredActivity | undefined {
    return this.conversations.get(conversationId)?.activities.get(activityId);
  }

  remove(conversationId: string, activityId: string): void {
    const s = this.state(conversationId);
    if (!s.activities.delete(activityId)) return;
    this.push(s, 'delete', { id: activityId });
    this.keep?.changed();
  }

  /** Attaches an SSE response: replays what the conversation holds, then streams. */
  subscribe(conversationId: string, res: ServerResponse): () => void {
    const s = this.state(conversationId);
    s.listeners.add(res);
    for (const activity of s.activities.values()) write(res, 'activity', activity);
    // Tells the page the replay is over: with nothing replayed, it asks to be greeted.
    write(res, 'replayed', { count: s.activities.size });
    return () => s.listeners.delete(res);
  }

  /** Conversations a page is listening to right now. */
  openConversations(): string[] {
    return [...this.conversations.entries()].filter(([, s]) => s.listeners.size > 0).map(([id]) => id);
  }

  /** Forgets every conversation (demo reset) and tells the pages to clear. */
  clear(): void {
    for (const s of this.conversations.values()) {
      s.activities.clear();
      s.revisions.clear();
      s.greeted = false;
      this.push(s, 'reset', {});
    }
    this.keep?.changed();
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const s of this.conversations.values()) {
      for (const res of s.listeners) res.end();
      s.listeners.clear();
    }
  }

  private push(s: ConversationState, event: string, data: unknown): void {
    for (const res of s.listeners) write(res, event, data);
  }
}

function write(res: ServerResponse, event: string, data: unknown): void {
  if (res.writableEnded) return;
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
