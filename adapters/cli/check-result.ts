/**
 * A check of `sagebot doctor` and what it found: their own file, so checks kept beside doctor.ts (access, stores)
 * and doctor.ts itself import them without importing each other.
 */
import type { Config } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';

export interface CheckResult {
  ok: boolean;
  /** One line saying what was found. */
  summary: string;
  /** More lines (details, what to do). */
  details?: string[];
  /** Shown with "!": worth fixing, but not a failure. */
  warning?: boolean;
}

export interface DoctorCheck {
  name: string;
  run(config: Config, logger: Logger): Promise<CheckResult>;
}
