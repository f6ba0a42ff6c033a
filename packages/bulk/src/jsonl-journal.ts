import { constants } from 'node:fs';
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { ValidationError } from '@billbridge/core';
import type { BulkJournalStore, JournalItemState } from './bulk-engine.js';
import {
  type JournalIntentRecord,
  type JournalJobRecord,
  type JournalOutcomeRecord,
  type JournalRecord,
  journalJobRecordSchema,
  journalRecordSchema,
} from './journal-records.js';

/** The append-only JSONL journal of one job, with the latest state of each invoice in memory. */
export interface JsonlJournal extends BulkJournalStore {
  readonly path: string;
  readonly job: JournalJobRecord;
  /** The latest state of every invoice the journal names. */
  readonly states: ReadonlyMap<string, JournalItemState>;
  append(record: JournalRecord): Promise<void>;
  close(): Promise<void>;
}

/** What `readJsonlJournal` found. */
export interface JournalContents {
  job: JournalJobRecord;
  records: JournalRecord[];
  /** Bytes of an unfinished last line (the process was killed while writing it), 0 when none. */
  tornBytes: number;
}

/** Settings of `createJsonlJournal` / `resumeJsonlJournal`. */
export interface JsonlJournalOptions {
  /** `fsync` (default): every record reaches the disk before the promise resolves; `write`: the OS has it (survives a killed process, not a power cut). */
  durability?: 'fsync' | 'write';
}

function journalError(path: string, where: string, message: string): ValidationError {
  return new ValidationError({ issues: [{ path: where, message }], context: `journal ${path}` });
}

/**
 * Reads a journal. Every line must be a journal record and the first the job; an unfinished last
 * line (no newline: the writer was killed mid-write) is reported in `tornBytes`, not parsed. Returns
 * `undefined` when the file does not exist.
 */
export async function readJsonlJournal(path: string): Promise<JournalContents | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw journalError(path, 'journal', `cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  return parseJournal(path, bytes);
}

/**
 * The records of a journal's bytes. The unfinished tail is measured in bytes, before anything is
 * decoded: a tail cut inside a multi-byte character decodes to U+FFFD (3 bytes), so its length in
 * the decoded text is not its length on disk.
 */
function parseJournal(path: string, bytes: Buffer): JournalContents {
  const end = bytes.lastIndexOf(0x0a) + 1;
  const tornBytes = bytes.length - end;
  const lines = bytes.toString('utf8', 0, end).split('\n');
  lines.pop();
  if (lines.length === 0) throw journalError(path, 'line 1', 'the journal is empty (no job record)');
  const records = lines.map((line, index) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw journalError(path, `line ${index + 1}`, 'is not JSON: the journal is damaged');
    }
    const parsed = (index === 0 ? journalJobRecordSchema : journalRecordSchema).safeParse(value);
    if (!parsed.success) {
      throw journalError(
        path,
        `line ${index + 1}`,
        `is not a journal record (${parsed.error.issues[0]?.message})`,
      );
    }
    return parsed.data;
  });
  return { job: records[0] as JournalJobRecord, records, tornBytes };
}

/** The latest state of every invoice, from a journal's records in order. */
export function journalStates(records: readonly JournalRecord[]): Map<string, JournalItemState> {
  const states = new Map<string, JournalItemState>();
  for (const record of records) applyRecord(states, record);
  return states;
}

function applyRecord(states: Map<string, JournalItemState>, record: JournalRecord) {
  if (record.type === 'intent') {
    const current = states.get(record.invoiceId);
    // A final outcome stays final; a new intent after a failure puts the item in doubt again.
    if (current?.state === 'done') return;
    const firstIntentAt = current && current.state !== 'new' ? current.firstIntentAt : record.at;
    states.set(record.invoiceId, { state: 'in_doubt', intent: record, firstIntentAt });
  } else if (record.type === 'outcome') {
    const current = states.get(record.invoiceId);
    const firstIntentAt = current && 'firstIntentAt' in current ? current.firstIntentAt : record.at;
    // Not sent (a 429, a stop) while reconciling: the earlier void is as much in doubt as before,
    // so the next attempt reconciles again (else the provider's `already_void`, once it forgot the
    // key, would journal the job's own void as someone else's).
    const reconcile =
      current?.state === 'in_doubt' &&
      current.intent.reconciling === true &&
      record.error?.outcome === 'not_executed';
    states.set(
      record.invoiceId,
      record.status === 'failed'
        ? {
            state: 'failed',
            outcome: record,
            firstIntentAt,
            ...(reconcile ? { reconcile: true as const } : {}),
          }
        : { state: 'done', outcome: record },
    );
  }
}

/** Starts a new journal at `path` with its job record. Refuses when a file is already there. */
export async function createJsonlJournal(
  path: string,
  job: JournalJobRecord,
  options: JsonlJournalOptions = {},
): Promise<JsonlJournal> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw journalError(
      path,
      'journal',
      code === 'EEXIST'
        ? 'already exists: pass --resume to go on with that job, or another --journal for a new one'
        : `cannot be created (${code})`,
    );
  }
  const journal = journalOver(path, job, handle, new Map(), options);
  await journal.append(job);
  return journal;
}

/** Settings of `resumeJsonlJournal`. */
export interface ResumeJsonlJournalOptions extends JsonlJournalOptions {
  /**
   * Sees the journal's job before anything is written; throwing refuses the resume, and the file
   * stays byte for byte as it was (an unfinished last line included).
   */
  check?: (job: JournalJobRecord) => void;
}

/**
 * Opens an existing journal to go on with its job. `check` sees the job first; then an unfinished
 * last line is cut off exactly after the last newline byte (the one change ever made to written
 * bytes: that record was never complete, so nothing relied on it; an intent is complete before its
 * void is sent). Read, checked and cut through one handle; refused when the file changed size in
 * between (another process writing to it).
 */
export async function resumeJsonlJournal(
  path: string,
  options: ResumeJsonlJournalOptions = {},
): Promise<{ journal: JsonlJournal; tornBytes: number } | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDWR | constants.O_APPEND);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw journalError(path, 'journal', `cannot be opened (${code})`);
  }
  try {
    const bytes = await handle.readFile();
    const contents = parseJournal(path, bytes);
    options.check?.(contents.job);
    if (contents.tornBytes > 0) {
      if ((await handle.stat()).size !== bytes.length) {
        throw journalError(path, 'journal', 'changed while it was read: is another run writing to it?');
      }
      await handle.truncate(bytes.length - contents.tornBytes);
    }
    const journal = journalOver(path, contents.job, handle, journalStates(contents.records), options);
    return { journal, tornBytes: contents.tornBytes };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function journalOver(
  path: string,
  job: JournalJobRecord,
  handle: FileHandle,
  states: Map<string, JournalItemState>,
  options: JsonlJournalOptions,
): JsonlJournal {
  const fsync = (options.durability ?? 'fsync') === 'fsync';
  // One write at a time, in order: a record is complete on disk before the next starts.
  let tail: Promise<void> = Promise.resolve();
  function append(record: JournalRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const written = tail.then(async () => {
      await handle.write(line);
      if (fsync) await handle.datasync();
      applyRecord(states, record);
    });
    tail = written.catch(() => undefined);
    return written;
  }
  return {
    path,
    job,
    states,
    append,
    lookup: async (invoiceId) => states.get(invoiceId) ?? { state: 'new' },
    appendIntent: (intent: JournalIntentRecord) => append(intent),
    appendOutcome: (outcome: JournalOutcomeRecord) => append(outcome),
    async close() {
      await tail;
      await handle.close();
    },
  };
}
