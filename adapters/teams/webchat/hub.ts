/**
 * The web chat's conversations, in memory: the activities the bot sent to each one (so a reconnecting page
 * gets them again) and the pages listening to it over Server-Sent Events. Bounded so a long-running demo
 * cannot grow without limit.
 */
import type { ServerResponse } from 'node:http';

export interface StoredActivity {
  id: string;
  [key: string]: unknown;
}

interface ConversationState {
  activities: Map<string, StoredActivity>;
  listeners: Set<ServerResponse>;
  touched: number;
}

const MAX_CONVERSATIONS = 200;
const MAX_ACTIVITIES = 300;

export class WebchatHub {
  private readonly conversations = new Map<string, ConversationState>();
  private sequence = 0;

  nextId(): string {
    this.sequence += 1;
    return `wc-${Date.now().toString(36)}-${this.sequence}`;
  }

  private state(conversationId: string): ConversationState {
    let s = this.conversations.get(conversationId);
    if (!s) {
      s = { activities: new Map(), listeners: new Set(), touched: Date.now() };
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
    if (s.activities.size > MAX_ACTIVITIES) s.activities.delete(s.activities.keys().next().value as string);
    this.push(s, 'activity', activity);
  }

  has(conversationId: string, activityId: string): boolean {
    return this.conversations.get(conversationId)?.activities.has(activityId) ?? false;
  }

  get(conversationId: string, activityId: string): StoredActivity | undefined {
    return this.conversations.get(conversationId)?.activities.get(activityId);
  }

  remove(conversationId: string, activityId: string): void {
    const s = this.state(conversationId);
    if (s.activities.delete(activityId)) this.push(s, 'delete', { id: activityId });
  }

  /** Attaches an SSE response: replays what the conversation holds, then streams. */
  subscribe(conversationId: string, res: ServerResponse): () => void {
    const s = this.state(conversationId);
    s.listeners.add(res);
    for (const activity of s.activities.values()) write(res, 'activity', activity);
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
      this.push(s, 'reset', {});
    }
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
