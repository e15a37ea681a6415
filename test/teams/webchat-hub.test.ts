/** The web chat's transcript as kept between starts: the latest conversations, in order, cut to fit the file budget. */
import { describe, expect, it } from 'vitest';
import { WebchatHub } from '../../adapters/teams/webchat/hub.ts';
import { keptText } from '../../adapters/teams/webchat/transcript-file.ts';

function filled(conversations: number, activities: number, size = 1_000): WebchatHub {
  const hub = new WebchatHub();
  for (let c = 0; c < conversations; c += 1)
    for (let a = 0; a < activities; a += 1) hub.upsert(`wc-${c}`, { id: `a-${a}`, text: 'x'.repeat(size) });
  return hub;
}

describe('web chat transcript keeping', () => {
  it('restores what it kept, in order, and the greeting it already gave', () => {
    const hub = filled(2, 3, 10);
    expect(hub.claimGreeting('wc-new')).toBe(true);
    const again = new WebchatHub({ saved: JSON.parse(keptText(hub)), changed: () => undefined });
    expect(again.get('wc-1', 'a-2')).toMatchObject({ text: 'x'.repeat(10) });
    expect(again.revision('wc-1', 'a-2')).toBe(1);
    expect(again.claimGreeting('wc-new')).toBe(false); // greeted before the restart
    expect(again.claimGreeting('wc-0')).toBe(false); // it has a transcript
  });

  it('keeps fewer conversations and lines when the file would be too big', () => {
    const hub = filled(30, 120);
    const all = JSON.parse(keptText(hub, 100_000_000)).conversations;
    expect(Object.keys(all)).toHaveLength(20);
    for (const kept of Object.values(all) as Array<{ activities: Array<{ id: string }> }>) {
      expect(kept.activities).toHaveLength(100);
      expect(kept.activities.at(-1)?.id).toBe('a-119'); // the end of each conversation
    }
    const cut = JSON.parse(keptText(hub, 1_000_000)).conversations;
    expect(Object.keys(cut).length).toBeLessThan(20);
    expect(Buffer.byteLength(JSON.stringify({ conversations: cut }))).toBeLessThanOrEqual(1_000_000);
  });
});
