import { startHarness } from './harness.ts';
import { ALICE } from './helpers.ts';
import { cardText, inputOf, actionsOf } from './helpers.ts';
const h = await startHarness({ env: { SAGEBOT_APPROVERS: ALICE.aadObjectId } });
const where = { serviceUrl: h.fake.url, conversationId: 'a:alice' };
for (const text of ['run invoices through friday', 'preview expenses', 'preview inventory']) {
  const r = await h.ask(where, ALICE, text);
  console.log('=====', text, r.id);
  console.log(cardText(r.card).slice(0, 2500));
  console.log('inputs', JSON.stringify(inputOf(r.card, 'batchId')), 'actions', actionsOf(r.card).map((a) => `${a.type}:${a.verb}:${JSON.stringify(a.data)}`));
}
console.log('calls', h.fake.calls.map((c) => `${c.method} ${c.path} ${c.body?.text ?? c.body?.summary ?? ''}`).join('\n'));
await h.close();
