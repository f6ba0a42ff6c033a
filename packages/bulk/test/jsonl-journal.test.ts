import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalJobRecord } from '../src/journal-records.js';
import { createJsonlJournal, readJsonlJournal, resumeJsonlJournal } from '../src/jsonl-journal.js';

const job: JournalJobRecord = {
  type: 'job',
  version: 1,
  jobId: 'j1',
  createdAt: '2026-01-01T00:00:00.000Z',
  provider: 'memory',
  account: 'memory:test',
  input: { count: 1, sha256: 'x' },
  void: { appliedBalance: 'return' },
};
const intent = {
  type: 'intent' as const,
  invoiceId: 'in_1',
  idempotencyKey: 'k',
  at: '2026-01-01T00:00:01.000Z',
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the JSONL journal', () => {
  it('writes one JSON record a line, in order, and keeps each invoice in doubt until its outcome', async () => {
    const path = join(dir, 'j.jsonl');
    const journal = await createJsonlJournal(path, job);
    await journal.appendIntent(intent);
    expect(await journal.lookup('in_1')).toMatchObject({ state: 'in_doubt', firstIntentAt: intent.at });
    await journal.appendOutcome({ ...intent, type: 'outcome', status: 'voided', balanceReturned: null });
    expect((await journal.lookup('in_1')).state).toBe('done');
    await journal.close();
    const lines = (await readFile(path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.type)).toEqual(['job', 'intent', 'outcome']);
  });

  it('cuts an unfinished last line on resume and keeps everything before it', async () => {
    const path = join(dir, 'j.jsonl');
    const journal = await createJsonlJournal(path, job);
    await journal.appendIntent(intent);
    await journal.close();
    const whole = await readFile(path, 'utf8');
    await appendFile(path, '{"type":"outcome","inv');
    expect((await readJsonlJournal(path))?.tornBytes).toBe(22);
    const resumed = await resumeJsonlJournal(path);
    expect(resumed?.tornBytes).toBe(22);
    expect(await resumed!.journal.lookup('in_1')).toMatchObject({ state: 'in_doubt' });
    await resumed!.journal.close();
    expect(await readFile(path, 'utf8')).toBe(whole);
  });

  it('refuses a damaged line in the middle, naming it, and a journal that is already there', async () => {
    const path = join(dir, 'j.jsonl');
    await writeFile(path, `${JSON.stringify(job)}\nnot json\n${JSON.stringify(intent)}\n`);
    await expect(readJsonlJournal(path)).rejects.toThrow(/line 2 is not JSON/);
    await writeFile(path, `${JSON.stringify(job)}\n${JSON.stringify({ ...intent, type: 'nope' })}\n`);
    await expect(readJsonlJournal(path)).rejects.toThrow(/line 2 is not a journal record/);
    await expect(createJsonlJournal(path, job)).rejects.toThrow(/already exists/);
    expect(await readJsonlJournal(join(dir, 'missing.jsonl'))).toBeUndefined();
  });
});
