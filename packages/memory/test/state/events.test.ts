import { describe, expect, it } from 'vitest';
import { createStateEvents, type StateChange } from '../../src/state/events.js';
import { createTestClock } from '../../src/test-clock.js';
import { stripeState } from './support.js';

describe('state: the change log (the hook point for webhooks)', () => {
  it('numbers changes, stamps them with the clock and keeps the last `keep`', () => {
    const clock = createTestClock();
    const events = createStateEvents(clock, 3);
    for (let index = 1; index <= 5; index++) {
      events.record('invoice.created', `in_${index}`);
      clock.advance(1000);
    }
    expect(events.recorded).toBe(5);
    expect(events.list()).toEqual([
      { seq: 3, type: 'invoice.created', objectId: 'in_3', at: '2026-01-01T00:00:02.000Z' },
      { seq: 4, type: 'invoice.created', objectId: 'in_4', at: '2026-01-01T00:00:03.000Z' },
      { seq: 5, type: 'invoice.created', objectId: 'in_5', at: '2026-01-01T00:00:04.000Z' },
    ]);
    events.clear();
    expect([events.list(), events.recorded]).toEqual([[], 0]);
  });

  it('tells listeners every change as it happens, even with nothing kept', () => {
    const state = stripeState(undefined, { limits: { events: 0 } });
    const heard: [StateChange['type'], string][] = [];
    const stop = state.events.subscribe((change) =>
      heard.push([change.type, state.invoices.find(change.objectId)?.status ?? '-']),
    );
    const customer = state.customers.create({ currency: 'usd' });
    const draft = state.invoices.createDraft({ customerId: customer.id, lines: [{ amount: 100 }] });
    state.invoices.finalize(draft.id);
    stop();
    state.invoices.void(draft.id, { consume: false });
    expect(heard).toEqual([
      ['customer.created', '-'],
      ['invoice.created', 'draft'],
      ['invoice.finalized', 'open'],
    ]);
    expect(state.events.list()).toEqual([]);
    expect(state.events.recorded).toBe(4);
  });

  it('is emptied by reset, with the records', () => {
    const state = stripeState();
    state.customers.create({ currency: 'usd', credit: 1 });
    state.reset();
    expect(state.events.list()).toEqual([]);
    expect(state.customers.list().data).toEqual([]);
  });
});
