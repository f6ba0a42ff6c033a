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

  it('cuts a torn last line that ends inside a multi-byte character by its bytes, not its decoded length', async () => {
    const path = join(dir, 'j.jsonl');
    const journal = await createJsonlJournal(path, job);
    await journal.appendIntent(intent);
    await journal.appendOutcome({ ...intent, type: 'outcome', status: 'voided', balanceReturned: null });
    await journal.close();
    const whole = await readFile(path);
    // A failed outcome whose message (…"déjà – ") was cut after the first two bytes of "–" (e2 80 93).
    const torn = Buffer.concat([
      Buffer.from('{"type":"outcome","invoiceId":"in_2","error":{"message":"déjà '),
      Buffer.from([0xe2, 0x80]),
    ]);
    await appendFile(path, torn);
    expect((await readJsonlJournal(path))?.tornBytes).toBe(torn.length);
    const resumed = await resumeJsonlJournal(path);
    expect(resumed?.tornBytes).toBe(torn.length);
    await resumed!.journal.appendIntent({ ...intent, invoiceId: 'in_2' });
    await resumed!.journal.close();
    const after = await readFile(path);
    expect(after.subarray(0, whole.length).equals(whole)).toBe(true);
    // Every line parses again: the next resume is not refused as damaged.
    const again = await readJsonlJournal(path);
    expect(again?.records.map((record) => record.type)).toEqual(['job', 'intent', 'outcome', 'intent']);
    expect(again?.tornBytes).toBe(0);
  });

  it('a resume its check refuses leaves the file byte for byte as it was, torn tail included', async () => {
    const path = join(dir, 'j.jsonl');
    const journal = await createJsonlJournal(path, job);
    await journal.appendIntent(intent);
    await journal.close();
    await appendFile(path, Buffer.from([0x7b, 0x22, 0xc3]));
    const before = await readFile(path);
    await expect(
      resumeJsonlJournal(path, {
        check: () => {
          throw new Error('another account');
        },
      }),
    ).rejects.toThrow('another account');
    expect((await readFile(path)).equals(before)).toBe(true);
  });
});
