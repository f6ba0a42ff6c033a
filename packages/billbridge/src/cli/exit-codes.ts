/**
 * The CLI's exit codes (DESIGN §15): `ok` every item voided (for `check` and `--dry-run`: the plan
 * was made); `incomplete` some item refused (blockers) or failed; `usage` a usage or configuration
 * error, nothing sent; `interrupted` SIGINT/SIGTERM, in-flight calls finished and journaled first.
 */
export const EXIT_CODES = { ok: 0, incomplete: 1, usage: 2, interrupted: 130 } as const;

/** One of `EXIT_CODES`. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
