/**
 * Test helpers: the adaptivecards parser (UMD bundle, the only entry that loads under Node) used as the judge
 * of every card, and walkers that collect actions, inputs and strings from card JSON.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The lib/ entry of adaptivecards 3.0.6 is ESM without extensions and fails under Node.
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Parse events and validation events the Adaptive Cards library reports for `json` at version 1.5. */
export function adaptiveCardIssues(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, ctx);
  const issues: string[] = [];
  for (let i = 0; i < ctx.eventCount; i += 1) issues.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) issues.push(`validate: ${e.message}`);
  return issues;
}

// Card JSON is untyped by nature; tests read it loosely.
type Obj = Record<string, any>;

/** Every object in a JSON tree (depth first). */
export function objects(tree: unknown, out: Obj[] = []): Obj[] {
  if (Array.isArray(tree)) tree.forEach((x) => objects(x, out));
  else if (tree && typeof tree === 'object') {
    out.push(tree as Obj);
    Object.values(tree).forEach((x) => objects(x, out));
  }
  return out;
}

export const actionsOf = (card: unknown) =>
  objects(card).filter((o) => typeof o.type === 'string' && (o.type as string).startsWith('Action.'));
export const inputsOf = (card: unknown) =>
  objects(card).filter((o) => typeof o.type === 'string' && (o.type as string).startsWith('Input.'));
/** Top-level actions (not the fallbacks nested inside them). */
export const executesOf = (card: unknown) => actionsOf(card).filter((a) => a.type === 'Action.Execute');
export const textOf = (card: unknown) => JSON.stringify(card);
