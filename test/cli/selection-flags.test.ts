/** preview, run and request take the same selection flags, with the same help (adapters/cli/export-flags.ts). */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register as registerPreview } from '../../adapters/cli/commands/preview.ts';
import { register as registerRequest } from '../../adapters/cli/commands/request.ts';
import { register as registerRun } from '../../adapters/cli/commands/run.ts';
import type { CliContext } from '../../adapters/cli/context.ts';

const SELECTION = ['--through', '--location', '--detail', '--include', '--exclude'];

describe('selection flags', () => {
  it('preview, run and request offer --through, --location, --detail, --include, --exclude alike', () => {
    const program = new Command();
    const ctx = {} as CliContext; // only the actions read it; none runs here
    for (const register of [registerPreview, registerRun, registerRequest]) register(program, ctx);
    const flags = Object.fromEntries(
      program.commands.map((c) => [
        c.name(),
        c.options.filter((o) => SELECTION.includes(o.long ?? '')).map((o) => `${o.flags}: ${o.description}`),
      ]),
    );
    expect(flags.preview).toHaveLength(SELECTION.length);
    expect(flags.run).toEqual(flags.preview);
    expect(flags.request).toEqual(flags.preview);
  });
});
