/**
 * Live Manage data outside the documented models: one odd value makes that record carry a "not understood"
 * note, never the whole list fail; over loopback HTTP against the sandbox serving such values.
 */
import { describe, expect, it } from 'vitest';
import { notUnderstood, parseLeniently } from '../../core/manage/lenient.ts';
import { GLExportSchema, UnpostedInvoiceSchema } from '../../core/manage/models.ts';
import { demoScenario } from '../../core/manage/sandbox/index.ts';
import { harness } from './helpers.ts';

describe('lenient parsing', () => {
  it('drops an enum value outside the documented set and notes it on the record', () => {
    const r = parseLeniently(UnpostedInvoiceSchema, { id: 7, invoiceNumber: '460', invoiceType: 'Progress2' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ id: 7, invoiceNumber: '460' });
    expect(r.data.invoiceType).toBeUndefined();
    expect(notUnderstood(r.data)).toEqual(["invoiceType 'Progress2'"]);
  });

  it('notes a bad value inside a GL export on its own document, and still fails a record with no usable id', () => {
    const r = parseLeniently(GLExportSchema, {
      transactions: [{ id: 1 }, { id: 2, detail: [{ id: 5, quantity: 'three' }] }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(notUnderstood(r.data.transactions[0])).toEqual([]);
    expect(notUnderstood(r.data.transactions[1])).toEqual(["transactions.1.detail.0.quantity 'three'"]);
    expect(r.data.transactions[1].detail?.[0]).toEqual({ id: 5 });
    expect(parseLeniently(UnpostedInvoiceSchema, { id: 'x', invoiceType: 'Standard' }).ok).toBe(false);
    const text = parseLeniently(UnpostedInvoiceSchema, { id: '871429', dueDays: '20' });
    expect(text.ok && text.data.id).toBe(871429);
    expect(text.ok && notUnderstood(text.data)).toEqual([]);
  });

  it('lists every unposted invoice when one carries an odd type and another lacks a field', async () => {
    const scenario = demoScenario();
    scenario.settings.oddValues = [
      { path: 'finance/accounting/unpostedinvoices', id: 871002, field: 'invoiceType', value: 'Progress2' },
      { path: 'finance/accounting/unpostedinvoices', id: 871003, field: 'total', value: '1,150.00' },
      { path: 'finance/accounting/unpostedinvoices', id: 871004, field: 'invoiceNumber' },
    ];
    const h = await harness({ data: scenario });
    try {
      const list = await h.client().listUnpostedInvoices();
      expect(list).toHaveLength(40);
      const odd = Object.fromEntries(list.filter((i) => notUnderstood(i).length).map((i) => [i.id, notUnderstood(i)]));
      expect(odd).toEqual({ 871002: ["invoiceType 'Progress2'"], 871003: ["total '1,150.00'"] });
      expect(list.find((i) => i.id === 871004)?.invoiceNumber).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});
