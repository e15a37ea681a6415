/**
 * Collects mapping problems while a selection is translated. The same fault (one GL account that is a control
 * account) is reported once, naming the records it blocks, so a preview of 5,000 invoices stays readable.
 * Most problems block the whole batch; a record-scoped one (`blocks: 'record'`) holds back only its record.
 */
import type { Problem } from './types.ts';

interface Entry {
  problem: Problem;
  usedBy: string[];
  manageIds: Set<number>;
}

export interface ProblemSink {
  /** Report `problem`; `usedBy` names the record that hit it ("invoice 460"). Same code+record = one entry. */
  add(problem: Problem, usedBy?: string): void;
  /** Whether record `manageId` has at least one problem. */
  blocks(manageId: number): boolean;
  /** The record-scoped problems of record `manageId` (it is held back, the rest of the batch can post). */
  heldBy(manageId: number): Problem[];
  list(): Problem[];
  readonly size: number;
}

const SHOW = 3;

/**
 * The problems that stop the whole batch: every one but the record-scoped, and a record-scoped one that names
 * no planned record (it could not be held back, so nothing may post).
 */
export function batchProblems(problems: Problem[], records?: Array<{ manageId: number }>): Problem[] {
  const planned = records && new Set(records.map((r) => r.manageId));
  return problems.filter(
    (p) => p.blocks !== 'record' || (planned && (p.manageId === undefined || !planned.has(p.manageId))),
  );
}

export function createProblemSink(): ProblemSink {
  const entries = new Map<string, Entry>();
  const blocked = new Set<number>();
  const held = new Map<number, Problem[]>();
  return {
    add(problem, usedBy) {
      const key = `${problem.code}\u0000${problem.record}\u0000${problem.blocks ? problem.manageId : ''}`;
      let e = entries.get(key);
      if (!e) {
        e = { problem: { ...problem }, usedBy: [], manageIds: new Set() };
        entries.set(key, e);
        if (problem.blocks === 'record' && problem.manageId !== undefined)
          held.set(problem.manageId, [...(held.get(problem.manageId) ?? []), e.problem]);
      }
      if (usedBy && !e.usedBy.includes(usedBy)) e.usedBy.push(usedBy);
      if (problem.manageId !== undefined) {
        e.manageIds.add(problem.manageId);
        blocked.add(problem.manageId);
      }
    },
    blocks: (id) => blocked.has(id),
    heldBy: (id) => held.get(id) ?? [],
    list() {
      return [...entries.values()].map(({ problem, usedBy }) => {
        if (!usedBy.length || (usedBy.length === 1 && problem.record.toLowerCase() === usedBy[0].toLowerCase()))
          return problem;
        const names =
          usedBy.slice(0, SHOW).join(', ') + (usedBy.length > SHOW ? ` and ${usedBy.length - SHOW} more` : '');
        return { ...problem, message: `${problem.message} (used by ${names})` };
      });
    },
    get size() {
      return entries.size;
    },
  };
}
