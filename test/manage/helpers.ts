/**
 * Shared test helpers: a sandbox on an ephemeral loopback port and the real client pointed at it, with
 * backoff delays recorded instead of waited so retry tests run fast.
 */
import type { ManageConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import type { ManageClient } from '../../core/manage/api.ts';
import { createManageClient, type ManageClientOptions } from '../../core/manage/client.ts';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../core/manage/sandbox/index.ts';

export interface Harness {
  sandbox: Sandbox;
  /** Delays the client asked to wait (ms), in order. */
  delays: number[];
  client(opts?: ManageClientOptions & { auth?: 'apikey' | 'member'; config?: Partial<ManageConfig> }): ManageClient;
  close(): Promise<void>;
}

export async function harness(opts: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await createSandbox({ port: 0, ...opts });
  const delays: number[] = [];
  return {
    sandbox,
    delays,
    client({ auth, config, ...o } = {}) {
      return createManageClient(sandbox.config(auth ?? 'apikey', config), silentLogger(), {
        sleep: async (ms) => {
          delays.push(ms);
        },
        retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
        ...o,
      });
    },
    close: () => sandbox.close(),
  };
}

/** Requests the sandbox saw for a path (below /apis/3.0/), e.g. "finance/accounting/unpostedinvoices". */
export function hits(sandbox: Sandbox, method: string, path: string | RegExp): number {
  return sandbox.requests.filter(
    (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
  ).length;
}

/** Counted where the request log lives (the benchmark counts with it too). */
export { sequentialRoundTrips } from '../../core/manage/sandbox/index.ts';
