import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FAULT_TABLE_END,
  FAULT_TABLE_START,
  faultMatrix,
  faults,
  providers,
  renderFaultTable,
} from './fault-matrix.js';

const doc = readFileSync(resolve(import.meta.dirname, '../../docs/reliability.md'), 'utf8');

describe('docs/reliability.md', () => {
  it('its fault table is the one the fault-matrix tests check (regenerate: npx tsx scripts/reliability-table.mjs)', () => {
    const start = doc.indexOf(FAULT_TABLE_START);
    const end = doc.indexOf(FAULT_TABLE_END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(doc.slice(start, end + FAULT_TABLE_END.length)).toBe(renderFaultTable());
  });

  it('the table covers every fault × provider, each cell run by a fault-matrix test', () => {
    expect(faultMatrix).toHaveLength(faults.length * providers.length);
    for (const fault of faults) {
      for (const provider of providers) {
        expect(faultMatrix.some((cell) => cell.fault === fault.id && cell.provider === provider)).toBe(true);
      }
    }
    // Every cell is voided at most once and keeps one key.
    expect(faultMatrix.every((cell) => cell.persistent.voids <= 1 && cell.sameKey)).toBe(true);
  });

  it('documents the retry defaults the client really has', async () => {
    const { retryPolicySchema } = await import('@billbridge/core');
    const defaults = retryPolicySchema.parse({});
    for (const [name, value] of Object.entries(defaults)) {
      expect(doc).toMatch(
        new RegExp(`\\\`${name}\\\`\\s*\\|\\s*${value.toLocaleString('en-US').replace(/,/g, '[ ,]?')}\\b`),
      );
    }
  });
});
