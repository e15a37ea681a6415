/**
 * The C# bridge must not rot: compile it with Mono's C# compiler (Debian package mono-mcs) against only mscorlib
 * and System, as C# 5 (what edge-cs on .NET Framework accepts), both as separate files and as the merged source
 * edge-js receives; then run its entry point under mono to check the { ok, error } envelope and the STA plumbing,
 * and drive the bridge against stand-in SDO objects (fixtures/FakeSdo.cs, reached by the same late binding) to
 * check field types, split-by-split allocation, IUpdateLedgers.Post's result and the VAT cash-accounting refusal.
 * Skipped, visibly, when mcs is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BRIDGE_FILES, bridgeSource } from '../../core/sage/sdo/sdo-loader.ts';
import { ROOT, removeTempDirs, tempDir } from './helpers.ts';

afterAll(removeTempDirs);

const hasMcs = spawnSync('mcs', ['--version'], { encoding: 'utf8' }).status === 0;
const hasMono = spawnSync('mono', ['--version'], { encoding: 'utf8' }).status === 0;
const sdoDir = join(ROOT, 'core/sage/sdo');
const MCS = ['-noconfig', '-r:System.dll', '-langversion:5', '-warnaserror+', '-nowarn:1591'];

const HARNESS = `using System; using System.Collections.Generic;
public static class Harness {
  public static void Main() {
    var s = new Startup();
    Print(s.Invoke(new Dictionary<string, object> { {"op","readSetup"}, {"args", new Dictionary<string, object>()} }).Result);
    Print(s.Invoke(new Dictionary<string, object> { {"op","connect"}, {"args", new Dictionary<string, object>{{"companyDir","/nowhere"},{"user","MANAGER"},{"password",""},{"sdoVersion", 99}}} }).Result);
  }
  static void Print(object o) {
    var d = (IDictionary<string, object>)o; var e = (IDictionary<string, object>)d["error"];
    Console.WriteLine(d["ok"] + "|" + (e.ContainsKey("kind") ? e["kind"] : "") + "|" + (e.ContainsKey("sdoCode") ? e["sdoCode"] : "") + "|" + e["op"]);
  }
}`;

describe('SdoBridge.cs compiles (mono mcs)', () => {
  if (!hasMcs) {
    it.skip('skipped: mcs is not installed (apt-get install --no-install-recommends mono-mcs, about 25 MB)', () => {});
    return;
  }

  it('compiles the bridge files as a library', () => {
    const out = join(tempDir(), 'SdoBridge.dll');
    execFileSync('mcs', [...MCS, '-target:library', `-out:${out}`, ...BRIDGE_FILES.map((f) => join(sdoDir, f))], {
      encoding: 'utf8',
    });
  });

  it('compiles the merged source edge-js receives, and its entry point answers with the error envelope', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bridge.cs'), bridgeSource());
    writeFileSync(join(dir, 'harness.cs'), HARNESS);
    const exe = join(dir, 'harness.exe');
    execFileSync('mcs', [...MCS, `-out:${exe}`, join(dir, 'bridge.cs'), join(dir, 'harness.cs')], { encoding: 'utf8' });
    if (!hasMono) return;
    const lines = execFileSync('mono', [exe], { encoding: 'utf8' }).trim().split('\n');
    expect(lines[0]).toBe('False|SAGE_NOT_CONNECTED|16|readSetup');
    expect(lines[1]).toMatch(/^False\|.*\|connect$/); // no COM on this machine: a failure envelope, not a crash
  });

  it('drives the bridge against stand-in SDO objects: byte flags, splits, IUpdateLedgers.Post, VAT cash accounting, findMany', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bridge.cs'), bridgeSource());
    const exe = join(dir, 'scenarios.exe');
    const fixtures = ['FakeSdo.cs', 'SdoScenarios.cs'].map((f) => join(ROOT, 'test/sage/fixtures', f));
    execFileSync('mcs', [...MCS, `-out:${exe}`, join(dir, 'bridge.cs'), ...fixtures], { encoding: 'utf8' });
    if (!hasMono) return;
    const out = Object.fromEntries(
      execFileSync('mono', [exe], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('|')), l.slice(l.indexOf('|') + 1)]),
    );
    // InvoiceItem / PopItem: TAX_FLAG and SERVICE_FLAG are Byte, TAX_CODE a Small Integer.
    expect(out.types).toBe('TAX_FLAG=Byte SERVICE_FLAG=Byte TAX_CODE=Int16');
    // A receipt of 150.00 on splits of 100.00 and 80.00 (records 107, 108; receipt split 110).
    expect(out.receipt).toBe('ok|107<110:100.00 108<110:50.00');
    // Credit 4601 (splits 111: 30.00, 112: 20.00) allocated to invoice 4700 (107: 40.00, 108: 40.00).
    expect(out.allocate).toBe('ok|107<111:30.00 107<112:10.00 108<112:10.00');
    expect(out['post-false']).toMatch(
      /^fail:SAGE_FAILURE:.*IUpdateLedgers\.Post answered False.*Update Ledgers.*\|calls=1\|0$/,
    );
    expect(out['post-unchanged']).toMatch(/^fail:SAGE_FAILURE:.*still shows as not updated/);
    expect(out['post-true']).toMatch(/^ok\|/);
    expect(out['not-com']).toMatch(/^SAGE_FAILURE:/);
    expect(out.setup).toBe('vatCashFlag=1 vatSchemeFlag=2');
    expect(out['cash-receipt']).toMatch(/^fail:SAGE_VAT_CASH_ACCOUNTING:.*VAT cash accounting.*\|0\|0$/);
    expect(out['cash-allocate']).toMatch(/^fail:SAGE_VAT_CASH_ACCOUNTING:/);
    // findMany (reconciliation): three keys in one call, in order; the header's CURRENCY index comes back.
    expect(out['find-many']).toBe('ok|invoice:4600:0:0 tran:109:2:50 -');
  });
});
