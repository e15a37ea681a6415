import { createWorld, demoSeed } from '../export/world.ts';
const w = await createWorld({ seed: demoSeed({ nominals: [{ code: '4110', name: 'Sales - Software licences' }], products: [{ code: 'M365-BP', description: 'Microsoft 365 Business Premium', itemType: 'non-stock' }, { code: 'DELIVERY', description: 'Delivery', itemType: 'service' }] }) });
for (const kind of ['invoices', 'expenses', 'inventory'] as const) {
  const p: any = await w.app.engine.preview(kind, { throughDate: '2026-11-27', user: { id: 'x', name: 'X Y' } });
  console.log(kind, 'tx', p.transactions.length, 'problems', p.problems.map((x: any) => `${x.manageId}:${x.record}:${x.code}`));
  console.log(' problem tx', p.transactions.filter((t: any) => t.status === 'problem').map((t: any) => `${t.manageId}/${t.number}/${t.party}`));
}
await w.close();
