import { Readable } from 'node:stream';
import type { CliIo } from '../../../src/cli/cli-io.js';

/**
 * A `CliIo` for running `runCli` in process: stdout and stderr captured in `out`, stdin the given
 * text (a terminal when `tty`), no signals, and `exitNow` throwing so a test sees it.
 */
export function capturedIo(options: { env?: Record<string, string>; stdin?: string; tty?: boolean } = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    stdin: Object.assign(Readable.from(options.stdin === undefined ? [] : [options.stdin]), {
      isTTY: options.tty === true,
    }),
    env: options.env ?? {},
    onInterrupt: () => () => {},
    exitNow: (code) => {
      throw new Error(`exitNow(${code})`);
    },
  };
  return { io, out };
}
