import { createWorld, demoSeed, USER } from '/work/main/test/export/world.ts';
const w = await createWorld({ seed: demoSeed({ nominals: [{ code: '4110', name: 'Sales - Software licences' }] }) });
for (const kind of ['expenses', 'inventory'] as const) {
  const p = await w.app.engine.preview(kind, { user: USER });
  console.log(kind, p.transactions.map((t) => [t.manageId, t.type, t.number, t.status, t.total, t.documents.map((d) => d.label).join('+'), t.note]));
  console.log(p.problems);
  console.log(p.nominalImpact, p.taxImpact, p.creations);
  const bad = p.transactions.filter((t) => t.status === 'problem').map((t) => t.manageId);
  const r = await w.app.engine.run(kind, { user: USER, batchId: p.suggestedBatchId, exclude: bad });
  console.log(r.outcome, r.posted, r.skipped, r.failed, r.problems);
}
const ex = w.sageExport();
console.log(JSON.stringify({ tx: ex.transactions, po: ex.purchaseOrders, st: ex.stockTransactions }, null, 0).slice(0, 4000));
await w.close();
