/**
 * Collects mapping problems while a selection is translated. The same fault (one GL account that is a control
 * account) is reported once, naming the records it blocks, so a preview of 5,000 invoices stays readable.
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
  list(): Problem[];
  readonly size: number;
}

const SHOW = 3;

export function createProblemSink(): ProblemSink {
  const entries = new Map<string, Entry>();
  const blocked = new Set<number>();
  return {
    add(problem, usedBy) {
      const key = `${problem.code}\u0000${problem.record}`;
      let e = entries.get(key);
      if (!e) {
        e = { problem: { ...problem }, usedBy: [], manageIds: new Set() };
        entries.set(key, e);
      }
      if (usedBy && !e.usedBy.includes(usedBy)) e.usedBy.push(usedBy);
      if (problem.manageId !== undefined) {
        e.manageIds.add(problem.manageId);
        blocked.add(problem.manageId);
      }
    },
    blocks: (id) => blocked.has(id),
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
