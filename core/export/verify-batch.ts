/**
 * After the Manage batch is created, read it back: every record now in Sage must have left Manage's unposted
 * list. Which ids mark a record as batched is partly unsettled for a real Manage (an invoice's GL entries, a
 * purchase's tax lines), so this check is what proves a batch, not the request that made it. A record still
 * unposted is a problem naming it and what to do; the run stays open so `resume` checks again. Its Sage
 * documents are never posted again because of it (post-batch.ts: the journal says they are posted). The batch's
 * entries are read only to explain a record still unposted.
 */
import type { ManageApi } from '../manage/api.ts';
import type { ExportEngineDeps } from './deps.ts';
import { succeeded } from './outcome.ts';
import type { PlannedRecord, RunPlan } from './plan-types.ts';
import type { RunLogFile } from './ports.ts';
import type { RecordOutcome } from './post-batch.ts';
import type { Kind, Problem } from './types.ts';

/** The ids Manage lists as unposted for the kind through the date: the batch's read-back. */
export async function unpostedIds(manage: ManageApi, kind: Kind, throughDate: string): Promise<Set<number>> {
  const list =
    kind === 'invoices'
      ? await manage.listUnpostedInvoices({ throughDate })
      : kind === 'expenses'
        ? await manage.listUnpostedExpenses({ throughDate })
        : await manage.listUnpostedProcurement({ throughDate });
  return new Set(list.map((u) => u.id));
}

/** GL entry ids the batch was sent that its entries do not list (for the log: entry shapes vary). */
async function entriesMissing(manage: ManageApi, batchId: number, records: PlannedRecord[]): Promise<number[]> {
  const entries = new Set((await manage.listBatchEntries(batchId)).map((e) => e.id));
  if (!entries.size) return [];
  return records.flatMap((r) => r.processedRecordIds).filter((id) => !entries.has(id));
}

function stillUnposted(plan: RunPlan, r: PlannedRecord): Problem {
  const name = `${r.type} ${r.number}`;
  const ids = r.recordIds.join(',');
  return {
    manageId: r.manageId,
    record: name,
    code: 'EXPORT_STILL_UNPOSTED',
    message: `${name} is in Sage and Manage batch ${plan.batch} was recorded, but Manage still lists it as unposted (unposted id ${ids}).`,
    fix:
      `Do not post it again by hand: its Sage documents exist and sagebot never posts them twice. In Manage ` +
      `(Finance > Accounting Interface) batch what is left of it, or run a new batch for it ` +
      `(sagebot run ${plan.kind} --include ${ids} --batch <new batch id>: it only marks it as batched); ` +
      `then run "sagebot resume" to check again and close this run.`,
  };
}

/**
 * Problems for records of the batch that Manage still lists as unposted (empty = the batch is whole).
 * `unposted`: that list, when its read was started as soon as the batch was applied (unpostedIds).
 */
export async function verifyBatch(
  deps: ExportEngineDeps,
  plan: RunPlan,
  outcomes: RecordOutcome[],
  manageBatchId: number,
  log: RunLogFile,
  unposted?: Promise<Set<number>>,
): Promise<Problem[]> {
  const batched = outcomes.filter((o) => succeeded(o) && o.record.processedRecordIds.length).map((o) => o.record);
  if (!batched.length) return [];
  let left: Set<number>;
  try {
    left = await (unposted ?? unpostedIds(deps.manage, plan.kind, plan.throughDate));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.line(`Manage batch ${plan.batch}: could not read the unposted list back: ${message}`);
    return [
      {
        record: `Manage batch ${plan.batch}`,
        code: 'EXPORT_BATCH_UNVERIFIED',
        message: `Batch ${plan.batch} was recorded, but Manage's unposted list could not be read back to check it: ${message}`,
        fix: 'Run "sagebot resume" once Manage answers: it checks the batch again (and posts nothing twice).',
      },
    ];
  }
  const stuck = batched.filter((r) => r.recordIds.some((id) => left.has(id)));
  for (const r of stuck)
    log.line(
      `STILL UNPOSTED ${r.type} ${r.number}: batch ${plan.batch} was sent GL entry ids ${r.processedRecordIds.join(',')}`,
    );
  const problems = stuck.map((r) => stillUnposted(plan, r));
  // The entries only explain a record left unposted (which ids took): a batch whose records all left the
  // unposted list is proven whole, and reading its entries (a page per 1,000) would only slow the run.
  const missing = stuck.length ? await entriesMissing(deps.manage, manageBatchId, batched).catch(() => []) : [];
  if (missing.length) log.line(`Manage batch ${plan.batch}: its entries do not list GL entries ${missing.join(',')}`);
  log.line(`Manage batch ${plan.batch} read back: ${problems.length} of ${batched.length} records still unposted`);
  return problems;
}
