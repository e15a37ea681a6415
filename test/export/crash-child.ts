/**
 * Child process of the crash tests: a real `run` of the invoices against the parent's sandbox (MANAGE_URL)
 * and the shared Sage company, which SIGKILLs itself at the point named by CRASH_AT:
 *   post-before:N / post-after:N   just before / just after the Nth document write to Sage returns
 *   create-after:N                 just after the Nth customer / supplier / product is created
 *   batch-before / batch-after     just before / just after the Manage batch POST
 *   export-after                   as soon as Manage's GL export has answered (still validating)
 *   none                           no crash (the parent may kill it on a timer)
 * Run as: node --import tsx test/export/crash-child.ts
 */
import { createApp } from '../../adapters/app/app.ts';
import type { Kind } from '../../core/export/types.ts';
import { silentLogger } from '../../core/logger.ts';
import type { ManageClient } from '../../core/manage/api.ts';
import type { SageLedger } from '../../core/sage/ledger.ts';
import { realManageShapes } from './real-manage.ts';
import { USER, worldConfig } from './world.ts';

const [where, nText] = (process.env.CRASH_AT ?? 'none').split(':');
const n = Number(nText ?? 0);
const die = () => process.kill(process.pid, 'SIGKILL');
const POSTS = new Set([
  'createInvoice',
  'postTransaction',
  'postJournal',
  'createPurchaseOrder',
  'postStockAdjustment',
]);
const CREATES = new Set(['createCustomer', 'createSupplier', 'createProduct']);
let posts = 0;
let creates = 0;

function crashingLedger(l: SageLedger): SageLedger {
  return new Proxy(l, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const name = String(prop);
      return async (...args: unknown[]) => {
        if (POSTS.has(name) && where === 'post-before' && ++posts === n) die();
        const result = await value.apply(target, args);
        if (POSTS.has(name) && where === 'post-after' && ++posts === n) die();
        if (CREATES.has(name) && where === 'create-after' && ++creates === n) die();
        return result;
      };
    },
  });
}

function crashingManage(m: ManageClient): ManageClient {
  return new Proxy(m, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'exportAccounting' && typeof value === 'function' && where === 'export-after') {
        return async (...args: unknown[]) => {
          await value.apply(target, args);
          die();
        };
      }
      if (prop !== 'createBatch' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (where === 'batch-before') die();
        const result = await value.apply(target, args);
        if (where === 'batch-after') die();
        return result;
      };
    },
  });
}

const config = worldConfig(process.env.CRASH_DIR!, {
  MANAGE_URL: process.env.MANAGE_URL!,
  MANAGE_COMPANY_ID: process.env.MANAGE_COMPANY_ID!,
  MANAGE_CLIENT_ID: process.env.MANAGE_CLIENT_ID!,
  MANAGE_PUBLIC_KEY: process.env.MANAGE_PUBLIC_KEY!,
  MANAGE_PRIVATE_KEY: process.env.MANAGE_PRIVATE_KEY!,
});
// KIND (default invoices) and RESHAPE=two-line (Manage answers as real-manage.ts shapes them) widen the cases.
const reshape =
  process.env.RESHAPE === 'two-line' ? realManageShapes({ twoLineAdjustments: true }) : (m: ManageClient) => m;
const app = await createApp(config, silentLogger(), {
  decorate: { ledger: crashingLedger, manage: (m) => crashingManage(reshape(m)) },
});
const kind = (process.env.KIND ?? 'invoices') as Kind;
const result = await app.engine.run(kind, { user: USER, batchId: process.env.BATCH! });
process.stdout.write(JSON.stringify({ outcome: result.outcome }));
await app.close();
