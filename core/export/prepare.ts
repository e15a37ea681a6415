/**
 * Everything before posting, shared by preview, run and rerun: read the selection and its GL export from
 * Manage, read Sage's setup, translate every record into its Sage documents, and run every mapping check
 * (pure ones while translating, ledger ones after). Writes nothing anywhere.
 */
import type { GLExport } from '../manage/models.ts';
import type { LedgerSetup, SageLedger } from '../sage/ledger.ts';
import type { ExportEngineDeps } from './deps.ts';
import type { PlannedRecord } from './plan-types.ts';
import { createProblemSink, type ProblemSink } from './problems.ts';
import { type EarlyReference, fetchReference, type Selection } from './select.ts';
import { selectionProblems } from './select-problems.ts';
import { translateSelection } from './translate.ts';
import type { Kind, Problem, Settings } from './types.ts';
import { createMapper } from './validate-mappings.ts';
import { checkLockDate, checkParties, type PartyCheckResult } from './validate-parties.ts';

export interface Prepared {
  kind: Kind;
  setup: LedgerSetup;
  settings: Settings;
  records: PlannedRecord[];
  problems: Problem[];
  sink: ProblemSink;
  creations: PartyCheckResult;
}

export interface PrepareInput {
  kind: Kind;
  glExport: GLExport;
  selection?: Selection;
  settings: Settings;
  today: string;
  /** Tax codes and product types already asked for (preview and run ask while reading the selection). */
  early?: EarlyReference;
}

export async function prepare(deps: ExportEngineDeps, ledger: SageLedger, input: PrepareInput): Promise<Prepared> {
  const [reference, setup] = await Promise.all([
    fetchReference(deps.manage, input.glExport, input.early, input.selection?.unposted),
    ledger.readSetup(),
  ]);
  const sink = createProblemSink();
  const mapper = createMapper({ setup, settings: input.settings, ...reference }, sink);
  const records = translateSelection(
    {
      kind: input.kind,
      glExport: input.glExport,
      unposted: input.selection?.unposted ?? [],
      settings: input.settings,
      today: input.today,
    },
    mapper,
  );
  for (const p of selectionProblems(input.selection, input.glExport, records)) sink.add(p);
  checkLockDate(records, setup.lockDate, mapper);
  const creations = await checkParties(ledger, records, sink, mapper);
  return { kind: input.kind, setup, settings: input.settings, records, problems: sink.list(), sink, creations };
}
