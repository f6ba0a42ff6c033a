/** A writable stream that may be a terminal. */
export interface CliOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Where the CLI reads and writes: the process, or a test's capture. */
export interface CliIo {
  /** Data: records, tables, NDJSON. */
  stdout: CliOutput;
  /** Messages, warnings, progress. */
  stderr: CliOutput;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Calls `handler` on SIGINT or SIGTERM (with the signal's name) until the returned function is called. */
  onInterrupt(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
  /** Ends the process at once (a second Ctrl-C). */
  exitNow(code: number): never;
}

/** The running process as a `CliIo`. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt(handler) {
      const onSigint = () => handler('SIGINT');
      const onSigterm = () => handler('SIGTERM');
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigterm);
      return () => {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigterm);
      };
    },
    exitNow(code) {
      process.exit(code);
    },
  };
}
