// Rewrites the fault-matrix table in docs/reliability.md from test/reliability/fault-matrix.ts.
// Run: npx tsx scripts/reliability-table.mjs   (test/reliability/reliability-doc.test.ts fails when they differ)
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FAULT_TABLE_END, FAULT_TABLE_START, renderFaultTable } from '../test/reliability/fault-matrix.ts';

const file = resolve(import.meta.dirname, '../docs/reliability.md');
const text = readFileSync(file, 'utf8');
const start = text.indexOf(FAULT_TABLE_START);
const end = text.indexOf(FAULT_TABLE_END);
if (start === -1 || end === -1) throw new Error(`${file}: the fault-matrix markers are missing`);
const next = text.slice(0, start) + renderFaultTable() + text.slice(end + FAULT_TABLE_END.length);
if (next === text) console.log('docs/reliability.md: fault table already up to date');
else {
  writeFileSync(file, next);
  console.log('docs/reliability.md: fault table rewritten');
}
