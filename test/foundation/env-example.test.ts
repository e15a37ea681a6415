import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('.env.example', () => {
  it('documents every key the configuration schema reads', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const config = readFileSync(new URL('../../core/config.ts', import.meta.url), 'utf8');
    const schemaBlock = config.slice(
      config.indexOf('const schema = z.object({'),
      config.indexOf('});', config.indexOf('const schema = z.object({')),
    );
    const keys = [...schemaBlock.matchAll(/^\s{2}(\w+):/gm)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(20);
    for (const key of keys) expect(example, key).toMatch(new RegExp(`^${key}=`, 'm'));
  });
});
