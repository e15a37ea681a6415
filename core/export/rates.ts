/**
 * The exchange rates a batch's foreign documents carry (Sage's rate: foreign units per one base unit), so a
 * preview can say at what rate its base-currency figures (nominal and tax impact) were converted.
 */
import type { PlannedRecord, SageOperation } from './plan-types.ts';

function rateOf(op: SageOperation): number | undefined {
  if (op.op === 'invoice') return op.doc.exchangeRate;
  if (op.op === 'transaction') return op.tx.exchangeRate;
  if (op.op === 'purchaseOrder') return op.po.exchangeRate;
  return undefined;
}

/** Currency -> the rates used for it (usually one; several when documents were dated apart). */
export function ratesUsed(records: PlannedRecord[], baseCurrency: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const r of records)
    for (const d of r.documents) {
      const rate = rateOf(d.operation);
      const currency = d.currency || r.currency;
      if (!rate || !currency || currency === baseCurrency) continue;
      const list = (out[currency] ??= []);
      if (!list.includes(rate)) list.push(rate);
    }
  return out;
}
