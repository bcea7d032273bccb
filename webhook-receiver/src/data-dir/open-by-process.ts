import { readdirSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Process ids that hold one of `files` open, read from /proc/<pid>/fd (Linux). Restoring under a running
 * receiver would swap its SQLite files from under an open connection and lose what it writes next, so
 * restore refuses while this finds anyone. Elsewhere (no /proc) it returns [] and the admin guide's
 * "stop the receiver first" is the only guard.
 */
export function openByProcess(files: readonly string[]): number[] {
  const wanted = new Set(files.map((file) => resolve(file)));
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone already, or another user's process
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (wanted.has(target)) {
        found.push(Number(pid));
        break;
      }
    }
  }
  return found;
}
