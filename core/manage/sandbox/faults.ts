/**
 * Fault knobs of the sandbox, settable at start, through the JS API (`sandbox.setFaults`) and at run time
 * with `POST /__sandbox/faults` (JSON body, merged; `{"reset":true}` clears): latency, a 429 every Nth
 * request, 5xx every Nth request or for the next N, dropped connections (after reading, and by default
 * after applying, the request) for the next N requests of a path, answers cut mid-body, non-JSON answers, and 403s for a path.
 * A `path` pattern is a regular expression matched against "METHOD /path" below /apis/3.0/.
 */
import { z } from 'zod';

export const FaultsSchema = z.object({
  /** Delay before every answer. */
  latencyMs: z.number().int().min(0).optional(),
  /** Answer 429 to every Nth API request (counted from when the knob was set). */
  rateLimitEvery: z.number().int().min(1).optional(),
  retryAfterSeconds: z.number().min(0).default(1),
  /** Answer `errorStatus` to every Nth API request. */
  errorEvery: z.number().int().min(1).optional(),
  errorStatus: z.number().int().min(500).max(599).default(500),
  /** Send this Retry-After (seconds) with those error answers (a 503 during maintenance does); default none. */
  errorRetryAfterSeconds: z.number().min(0).optional(),
  /** Answer `errorStatus` to the next N requests matching failPath (default: any). */
  failNext: z.number().int().min(0).optional(),
  failPath: z.string().optional(),
  /** Close the connection without answering for the next N requests matching dropPath (default: any). */
  dropNext: z.number().int().min(0).optional(),
  dropPath: z.string().optional(),
  /** 'after-apply' (default): the request takes effect, then the answer is lost; 'before-apply': it does not. */
  dropMode: z.enum(['after-apply', 'before-apply']).default('after-apply'),
  /** Send the answer's headers and half its body, then cut the connection, for the next N matching cutPath. */
  cutNext: z.number().int().min(0).optional(),
  cutPath: z.string().optional(),
  /** Answer an HTML page with status 200 for the next N requests matching nonJsonPath. */
  nonJsonNext: z.number().int().min(0).optional(),
  nonJsonPath: z.string().optional(),
  /** Answer 403 (security role) to every request matching this pattern. */
  forbidPath: z.string().optional(),
});
export type Faults = z.input<typeof FaultsSchema>;
type ParsedFaults = z.output<typeof FaultsSchema>;

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'error'; status: number; retryAfterSeconds?: number }
  | { kind: 'drop'; mode: 'after-apply' | 'before-apply' }
  | { kind: 'nonJson' }
  | { kind: 'cut' }
  | { kind: 'forbidden' };

const matches = (pattern: string | undefined, target: string) => !pattern || new RegExp(pattern, 'i').test(target);

export class FaultState {
  private f: ParsedFaults = FaultsSchema.parse({});
  private counter = 0;

  constructor(initial?: Faults) {
    if (initial) this.set(initial);
  }

  /** Merge knobs in; `reset: true` clears everything first. Restarts the every-Nth counter. */
  set(input: Faults & { reset?: boolean }): ParsedFaults {
    const { reset, ...rest } = input;
    const base = reset ? {} : this.f;
    this.f = FaultsSchema.parse({ ...base, ...rest });
    this.counter = 0;
    return this.f;
  }

  get current(): ParsedFaults {
    return this.f;
  }

  get latencyMs(): number {
    return this.f.latencyMs ?? 0;
  }

  /** What to do with one API request ("GET finance/invoices"). Consumes one-shot counters. */
  decide(target: string): FaultDecision {
    this.counter++;
    const f = this.f;
    if (f.forbidPath && matches(f.forbidPath, target)) return { kind: 'forbidden' };
    if (f.dropNext && matches(f.dropPath, target)) {
      f.dropNext--;
      return { kind: 'drop', mode: f.dropMode };
    }
    if (f.cutNext && matches(f.cutPath, target)) {
      f.cutNext--;
      return { kind: 'cut' };
    }
    if (f.failNext && matches(f.failPath, target)) {
      f.failNext--;
      return { kind: 'error', status: f.errorStatus, retryAfterSeconds: f.errorRetryAfterSeconds };
    }
    if (f.nonJsonNext && matches(f.nonJsonPath, target)) {
      f.nonJsonNext--;
      return { kind: 'nonJson' };
    }
    if (f.rateLimitEvery && this.counter % f.rateLimitEvery === 0)
      return { kind: 'rateLimit', retryAfterSeconds: f.retryAfterSeconds };
    if (f.errorEvery && this.counter % f.errorEvery === 0)
      return { kind: 'error', status: f.errorStatus, retryAfterSeconds: f.errorRetryAfterSeconds };
    return { kind: 'none' };
  }
}
