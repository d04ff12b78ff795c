/** Files that several processes may try to create at the same moment, of which exactly one must win. */
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates `path` with `contents` unless it exists: the contents go to a private draft first, which a hard
 * link then puts in place atomically. `true` when this call created the file, `false` when another had.
 */
export function writeOnce(path: string, contents: string, mode = 0o600): boolean {
  mkdirSync(dirname(path), { recursive: true });
  const draft = `${path}.${process.pid}.${randomUUID()}.draft`;
  writeFileSync(draft, contents, { mode });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    rmSync(draft, { force: true });
  }
}
