/**
 * The bench report: every performance goal the suites hold as one row (figure, goal, pass / fail), gathered from
 * the suites of one `npm run bench` run. A suite adds its rows by returning them under `goals` beside its other
 * figures:
 *
 *     return { ...figures, goals: [goal('payments', 'look-ups per changed invoice', n, '<=', 1.1, 'x')] };
 *
 * bench/run.ts prints the table after the suites and writes the rows to bench-results/latest.json (`goals`).
 * Figures are ratios measured in the same run wherever the goal allows: the machine is shared, absolute times
 * are noise.
 */

/** One goal: the figure this run measured against its target. */
export interface GoalRow {
  /** The suite that measured it (bench/run.ts fills it in when a suite leaves it out). */
  suite: string;
  /** What is measured, short enough for a table column (e.g. "run vs its parts alone"). */
  name: string;
  figure: number;
  /** How the figure must compare with the goal to pass. */
  compare: '<=' | '>=' | '<' | '>';
  target: number;
  /** Unit of figure and target: "x" for a ratio, "MB", "round trips"... */
  unit: string;
  pass: boolean;
  /** Anything the reader needs beside the figure (what was measured against what). */
  note?: string;
}

/** A goal row; `pass` is worked out from the comparison. */
export function goal(
  suite: string,
  name: string,
  figure: number,
  compare: GoalRow['compare'],
  target: number,
  unit: string,
  note?: string,
): GoalRow {
  const pass =
    compare === '<='
      ? figure <= target
      : compare === '>='
        ? figure >= target
        : compare === '<'
          ? figure < target
          : figure > target;
  // Ratios keep 3 decimals, so a figure just over its goal (1.153x against 1.15x) never prints as the goal itself.
  const shown = unit === 'x' ? Math.round(figure * 1000) / 1000 : Math.round(figure * 10) / 10;
  return { suite, name, figure: shown, compare, target, unit, pass, ...(note ? { note } : {}) };
}

/** The goal rows a suite returned (under `goals`), with their suite filled in; anything else is ignored. */
export function goalsOf(suite: string, result: unknown): GoalRow[] {
  const rows = (result as { goals?: unknown } | undefined)?.goals;
  if (!Array.isArray(rows)) return [];
  return rows
    .filter((r): r is GoalRow => typeof r === 'object' && r !== null && typeof (r as GoalRow).figure === 'number')
    .map((r) => ({ ...r, suite: r.suite || suite }));
}

/** The table bench/run.ts prints: one line per goal, columns padded. */
export function goalTable(rows: GoalRow[]): string[] {
  if (!rows.length) return ['(no goals measured in this run)'];
  const cells = rows.map((r) => [
    r.suite,
    r.name,
    `${r.figure}${unitSuffix(r.unit)}`,
    `${r.compare} ${r.target}${unitSuffix(r.unit)}`,
    r.pass ? 'pass' : 'FAIL',
    r.note ?? '',
  ]);
  const head = ['suite', 'goal', 'figure', 'goal', 'result', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const passed = rows.filter((r) => r.pass).length;
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    `${passed} of ${rows.length} goals met`,
  ];
}

function unitSuffix(unit: string): string {
  return unit === 'x' ? 'x' : ` ${unit}`;
}

/**
 * A size scaled by `--scale=<factor>` (`npm run bench -- export --scale=0.2` while iterating; the report's
 * figures are for scale 1). Never below `min`.
 */
export function scaled(n: number, min = 1): number {
  const factor = Number(process.env.SAGEBOT_BENCH_SCALE ?? '1');
  if (!Number.isFinite(factor) || factor <= 0) return n;
  return Math.max(min, Math.round(n * factor));
}
