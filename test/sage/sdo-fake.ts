/**
 * A fake of the edge function the SDO driver calls (no edge-js, no Windows): answers each bridge op from a
 * small company, or from handlers a test gives, and records the calls.
 */
import type { BridgeOp, BridgeSetup, EdgeFunction } from '../../core/sage/sdo/bridge.ts';
import { SdoLedger } from '../../core/sage/sdo/sdo-driver.ts';

export const SETUP: BridgeSetup = {
  companyName: 'Real Ltd',
  taxCodes: [
    { number: 0, rate: 0, description: 'Zero' },
    { number: 1, rate: 20, description: 'Standard' },
    { number: 9, rate: 0, description: 'Outside' },
  ],
  nominals: ['1100', '1200', '2100', '4000', '5000', '7400', '7500'].map((code) => ({ code, name: `N/C ${code}` })),
  controls: [
    { type: 2, code: '1100' },
    { type: 3, code: '2100' },
    { type: 4, code: '1200' },
  ],
  banks: ['1200'],
  departments: [
    { number: 0, name: 'Default' },
    { number: 1, name: 'Sales' },
  ],
  projects: [{ ref: 'TEST2', name: 'Test 2' }],
  currencies: [
    { index: 0, code: 'GBP', name: 'Pound', rate: 1 },
    { index: 1, code: 'USD', name: 'Dollar', rate: 1.3 },
    { index: 2, code: 'EUR', name: 'Euro', rate: 1.17 },
  ],
  financialYearStart: '2024-01-01',
  lockDate: '2023-12-31',
};

type Handler = (args: Record<string, unknown>) => unknown;
interface Call {
  op: BridgeOp;
  args: Record<string, unknown>;
}

/** A fake of the edge function: answers each op from `handlers` (default: a small company) and records the calls. */
export function fakeBridge(handlers: Partial<Record<BridgeOp, Handler>> = {}) {
  const calls: Call[] = [];
  const accounts: Record<string, { ref: string; name: string; currency: number; ledger: string }> = {
    ACME: { ref: 'ACME', name: 'Acme', currency: 0, ledger: 'sales' },
    USCO: { ref: 'USCO', name: 'US Co', currency: 1, ledger: 'sales' },
    SUPP1: { ref: 'SUPP1', name: 'Supplier', currency: 0, ledger: 'purchase' },
  };
  const defaults: Record<BridgeOp, Handler> = {
    connect: () => ({ progId: 'SDOEngine.32', version: 32 }),
    disconnect: () => ({}),
    readSetup: () => SETUP,
    findAccount: (a) => {
      const x = accounts[String(a.ref)];
      return x && x.ledger === a.ledger ? { ref: x.ref, name: x.name, currency: x.currency } : null;
    },
    createAccount: (a) => ({ ref: a.ref, name: a.name, currency: a.currency }),
    findProduct: (a) =>
      a.code === 'WIDGET'
        ? {
            code: 'WIDGET',
            description: 'Widget',
            itemType: 0,
            salesNominal: '4000',
            purchaseNominal: '5000',
            taxCode: 1,
          }
        : null,
    createProduct: (a) => a,
    post: () => ({ postingNumber: 77 }),
    receipt: () => ({ postingNumber: 78 }),
    allocate: (a) => ({ amount: a.amount ?? 12, account: 'ACME' }),
    find: () => [],
    // As the bridge does: one `find` per key, answered together.
    findMany: (a) => (a.keys as Array<Record<string, unknown>>).map((k) => (handlers.find ?? defaults.find)(k)),
    paymentChanges: () => [],
  };
  const edge: EdgeFunction = (payload, callback) => {
    const { op, args } = payload as Call;
    calls.push({ op, args });
    setImmediate(() => {
      try {
        const value = (handlers[op] ?? defaults[op])(args);
        callback(null, value && typeof value === 'object' && 'ok' in (value as object) ? value : { ok: true, value });
      } catch (e) {
        callback(e, undefined);
      }
    });
  };
  return { edge, calls, posts: () => calls.filter((c) => c.op === 'post').map((c) => c.args as Record<string, any>) };
}

export async function connected(handlers: Partial<Record<BridgeOp, Handler>> = {}) {
  const fake = fakeBridge(handlers);
  const ledger = new SdoLedger({ edge: fake.edge, sdoVersion: 32, today: () => '2024-06-30' });
  await ledger.connect({
    companyDir: 'C:\\ProgramData\\Sage\\Accounts\\2024\\Company.000',
    user: 'MANAGER',
    password: '',
  });
  return { ledger, ...fake };
}
