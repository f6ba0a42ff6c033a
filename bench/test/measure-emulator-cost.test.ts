import { describe, expect, it } from 'vitest';
import { measureEmulatorCost } from '../src/measure-emulator-cost.js';
import { startCpuMeasuredServer } from '../src/start-cpu-measured-server.js';
import { expectVoidRefused, post } from './post-to-loopback.js';

describe('the emulator benchmark', () => {
  it('runs the floor in its own process, answering a fixed body, and reports its own CPU', async () => {
    const floor = await startCpuMeasuredServer('floor');
    try {
      expect(floor.pid).not.toBe(process.pid);
      const before = await floor.cpuMicros();
      const stripe = await post(floor.port, '/v1/invoices/in_any/void');
      const chargebee = await post(floor.port, '/api/v2/invoices/42/void');
      expect(JSON.parse(stripe.body)).toMatchObject({ object: 'invoice', status: 'void' });
      expect(JSON.parse(chargebee.body)).toMatchObject({ invoice: { status: 'voided' } });
      // The same fixed body whatever the id: the floor does no work per request beyond HTTP.
      expect((await post(floor.port, '/v1/invoices/in_other/void')).body).toBe(stripe.body);
      expect(await floor.cpuMicros()).toBeGreaterThan(before);
    } finally {
      await floor.close();
    }
    await expectVoidRefused(floor.port);
  });

  it('voids seeded invoices through both SDKs against the emulator process and reports both servers', async () => {
    const result = await measureEmulatorCost({
      batchSize: 4,
      batches: 1,
      warmupVoids: 2,
      concurrencies: [1, 4],
      pipelineVoids: 10,
    });
    expect(result.rows.map((row) => [row.provider, row.concurrency, row.voids])).toEqual([
      ['stripe', 1, 4],
      ['stripe', 4, 4],
      ['chargebee', 1, 4],
      ['chargebee', 4, 4],
    ]);
    for (const row of result.rows) {
      expect(row.floorCpuUs).toBeGreaterThan(0);
      expect(row.emulatorCpuUs).toBeGreaterThan(0);
      expect(row.ratio).toBeCloseTo(row.emulatorCpuUs / row.floorCpuUs);
      expect(row.emulatorVoidsPerSecond).toBeGreaterThan(0);
    }
    expect(result.pipeline.map((entry) => entry.provider)).toEqual(['stripe', 'chargebee']);
    for (const entry of result.pipeline) expect(entry.cpuUsPerVoid).toBeGreaterThan(0);
    expect(result.seedCpuUs.stripe).toBeGreaterThan(0);
    expect(result.seedCpuUs.chargebee).toBeGreaterThan(0);
  }, 60_000);
});
