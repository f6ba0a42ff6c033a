import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '@billbridge/core';

const JOB_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** Checks a job id: 1–40 letters, digits, `_` or `-` (it is part of every idempotency key of the job). */
export function assertJobId(jobId: string): string {
  if (JOB_ID.test(jobId)) return jobId;
  throw new ValidationError({
    issues: [{ path: 'jobId', message: 'must be 1-40 letters, digits, "_" or "-"' }],
    context: 'bulk job',
  });
}

/** A fresh job id: `bulk_` + the UTC date + 8 random hex digits, e.g. `bulk_20260312_9f3a41c2`. */
export function newJobId(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `bulk_${day}_${randomBytes(4).toString('hex')}`;
}

/**
 * The idempotency key of one invoice's void in one job: the same on every attempt, every run and
 * every machine (DESIGN §15), so a void retried after a crash can only be answered from the
 * provider's idempotency record. `bb_<jobId>_<22 characters of SHA-256(jobId, invoiceId)>`, at most
 * 66 characters (Chargebee takes 100).
 */
export function bulkIdempotencyKey(jobId: string, invoiceId: string): string {
  const digest = createHash('sha256').update(jobId).update('\0').update(invoiceId).digest('base64url');
  return `bb_${jobId}_${digest.slice(0, 22)}`;
}
