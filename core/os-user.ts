/** Who runs this process, as the operating system names them: the CLI's identity and the holder shown by locks. */
import { userInfo } from 'node:os';

/** The operating-system account running this process (a numeric uid where the system has no name for it). */
export function osUserName(): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry (a container running with an arbitrary uid): fall back to the uid below.
  }
  return `uid-${process.getuid?.() ?? 'unknown'}`;
}
