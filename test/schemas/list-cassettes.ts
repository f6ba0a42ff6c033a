import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './provider-schemas.js';

export const cassetteRoot = join(repoRoot, 'test/cassettes');

/** Every `.json` cassette under `dir`, recursively. */
export function listCassettes(dir = cassetteRoot): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listCassettes(path);
    return name.endsWith('.json') ? [path] : [];
  });
}
