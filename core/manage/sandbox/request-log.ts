/**
 * Reading the sandbox's request log: how many Manage answers a user had to wait for one after another. The
 * round-trip tests and `npm run bench -- round-trips` both count with it, so it lives beside the log it reads.
 */

/**
 * Round trips that had to follow one another among the logged requests: the longest chain in which each
 * request started only after the one before it had been answered. Counts waiting, not milliseconds.
 */
export function sequentialRoundTrips(requests: readonly { at: number; endedAt?: number }[]): number {
  const sorted = [...requests].sort((a, b) => a.at - b.at);
  const depth: number[] = [];
  sorted.forEach((r, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      const end = sorted[j].endedAt;
      if (end !== undefined && end <= r.at) before = Math.max(before, depth[j]);
    }
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}
