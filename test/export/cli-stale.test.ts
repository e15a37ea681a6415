/**
 * `sagebot run --preview FILE` approves the preview `sagebot preview --json` saved: when another batch has taken
 * some of its records since, the run posts nothing, prints which batch took them (from which door, by whom, with
 * the amounts and their currency) and what a fresh preview holds, and exits 1; a fresh preview file then posts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../core/config.ts';
import { osUserName } from '../../core/os-user.ts';
import { type CliRun, sagebotWith } from '../cli/in-process.ts';
import { CO, guide460, invoice, scenario } from './scenarios.ts';
import { createWorld, demoSeed, manageEnv, type World, worldConfig } from './world.ts';

let world: World;
let config: Config;

beforeAll(async () => {
  world = await createWorld({
    seed: demoSeed(),
    scenario: scenario({
      invoices: [
        guide460(),
        invoice(871702, '702', [{ amount: 100 }], { date: '2025-04-20', companyId: CO.cavendish }),
        invoice(871704, '704', [{ amount: 40 }], { date: '2025-04-21', companyId: CO.bramble }),
      ],
    }),
  });
  const sb = world.app.sandbox!;
  config = worldConfig(world.dir, {
    ...manageEnv(sb),
    SAGEBOT_APPROVERS: `os:${osUserName()}`,
  });
});
afterAll(() => world.close());

function sagebot(...argv: string[]): Promise<CliRun> {
  return sagebotWith(config, ...argv);
}

describe('sagebot run --preview FILE', () => {
  it('a preview another batch overtook posts nothing, says which batch took what, and exits 1', async () => {
    const saved = await sagebot('preview', 'invoices', '--through', '2025-04-30', '--json');
    expect(saved.code).toBe(0);
    const file = join(world.dir, 'preview.json');
    writeFileSync(file, saved.out);
    const first = await sagebot('run', 'invoices', '--batch', '20250430SA-I', '--include', '702', '--yes', '--json');
    expect(first.json()).toMatchObject({ outcome: 'completed', posted: [{ number: '702' }] });

    const late = await sagebot('run', 'invoices', '--batch', '20250430SA-I-2', '--preview', file, '--yes');
    expect(late.code).toBe(1);
    expect(late.out).toMatch(/NOT POSTED/);
    expect(late.out).toMatch(
      /Batch 20250430SA-I, run from the command line, took these \(Jane Doe\): Standard 702 \(Cavendish[^)]*\) GBP 120\.00\./,
    );
    expect(late.out).toMatch(/Now: 2 transaction\(s\) to transfer \(GBP [\d,]+\.\d\d\)/);
    const json = await sagebot('run', 'invoices', '--batch', '20250430SA-I-2', '--preview', file, '--yes', '--json');
    expect(json.json()).toMatchObject({ outcome: 'stale', posted: [], stale: { taken: [{ door: 'cli' }] } });
    expect(world.app.sandbox!.state.scenario.batches.map((b) => b.batchIdentifier)).toEqual(['20250430SA-I']);

    const fresh = await sagebot('preview', 'invoices', '--through', '2025-04-30', '--json');
    writeFileSync(file, fresh.out);
    const posted = await sagebot('run', 'invoices', '--batch', '20250430SA-I-2', '--preview', file, '--yes', '--json');
    expect(posted.json()).toMatchObject({ outcome: 'completed' });
    expect(posted.json().posted.map((p: { number: string }) => p.number)).toEqual(['460', '704']);
  });

  it('a file that is not a preview is bad usage (exit 2)', async () => {
    const file = join(world.dir, 'not-a-preview.json');
    writeFileSync(file, '{"hello": 1}');
    const r = await sagebot('run', 'invoices', '--batch', '20250430SA-I-9', '--preview', file, '--yes');
    expect(r.code).toBe(2);
  });
});
