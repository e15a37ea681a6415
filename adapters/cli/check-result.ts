/** One line of `sagebot doctor`: what a check found (its own file, so checks outside doctor.ts can return one). */
export interface CheckResult {
  ok: boolean;
  /** One line saying what was found. */
  summary: string;
  /** More lines (details, what to do). */
  details?: string[];
  /** Shown with "!": worth fixing, but not a failure. */
  warning?: boolean;
}
