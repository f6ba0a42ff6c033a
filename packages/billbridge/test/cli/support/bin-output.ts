import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '@billbridge/emulator';
import { dispatchedSdkOptions } from '../../../../../test/support/dispatching-http-clients.js';
import { startEmulatorWith } from '../../../../emulator/src/start-emulator.js';
import { buildCliBundle, buildCliBundleWithSdk } from './build-cli-bundle.js';
import { emulatorControl } from './seed-emulator-invoices.js';

/** The bin's `--json` stdout: one record a line. */
export function ndjson(text: string): Record<string, unknown>[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Writes `invoices` as a `bulk-void --input` CSV (an `invoice` column) in `dir`; returns its path. */
export async function invoiceListFile(
  dir: string,
  name: string,
  invoices: readonly { id: string }[],
): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `invoice\n${invoices.map((invoice) => invoice.id).join('\n')}\n`);
  return path;
}

/** The built bin, a fresh emulator with its control API, and a temporary folder, for one test file. */
export interface BinAndEmulator {
  bin: string;
  dir: string;
  emulator: RunningEmulator;
  control: ReturnType<typeof emulatorControl>;
  /** SDK options for seeding: requests dispatched in this process (dispatching-http-clients.ts). */
  seeding: ReturnType<typeof dispatchedSdkOptions>;
  close(): Promise<void>;
}

/**
 * Builds the bin and starts the emulator at once; `close` stops it and removes both folders.
 * `sdkInside`: the bin with the SDK bundled in (`buildCliBundleWithSdk`), for a file that starts it
 * many times.
 */
export async function startBinAndEmulator(
  dirPrefix: string,
  options: { sdkInside?: boolean } = {},
): Promise<BinAndEmulator> {
  const [bin, emulator, dir] = await Promise.all([
    options.sdkInside ? buildCliBundleWithSdk() : buildCliBundle(),
    startEmulatorWith({}),
    mkdtemp(join(tmpdir(), dirPrefix)),
  ]);
  return {
    bin,
    dir,
    emulator,
    control: emulatorControl(emulator.url),
    seeding: dispatchedSdkOptions(emulator),
    async close() {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
