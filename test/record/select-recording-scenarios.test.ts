import { describe, expect, it } from 'vitest';
import { chargebeeRecordingKit } from './chargebee-recording-scenarios.js';
import { selectRecordingScenarios } from './select-recording-scenarios.js';
import { stripeRecordingKit } from './stripe-recording-scenarios.js';

const off = { voidCreatesCreditNote: false };
const on = { voidCreatesCreditNote: true };
const names = (scenarios: { cassette: string }[]) => scenarios.map((scenario) => scenario.cassette);

describe('selectRecordingScenarios', () => {
  it('selects every Stripe scenario and skips every cassette that is not recordable, with its reason', () => {
    const { selected, skipped } = selectRecordingScenarios(stripeRecordingKit, { settings: off });
    expect(names(selected)).toEqual(names([...stripeRecordingKit.scenarios]));
    expect(skipped.map((entry) => entry.cassette)).toEqual(
      stripeRecordingKit.notRecordable.map((entry) => entry.cassette),
    );
    for (const entry of skipped) expect(entry.reason).toMatch(/^not recordable: .{20,}/);
  });

  it('records the Chargebee void cassette that matches the site setting and skips the other, saying why', () => {
    const without = selectRecordingScenarios(chargebeeRecordingKit, { settings: off });
    expect(names(without.selected)).toContain('void-with-reason-and-comment.json');
    expect(names(without.selected)).not.toContain('void-with-credit-note.json');
    expect(without.skipped).toContainEqual({
      cassette: 'void-with-credit-note.json',
      reason: expect.stringContaining('CHARGEBEE_VOID_CREATES_CREDIT_NOTE=true'),
    });

    const withSetting = selectRecordingScenarios(chargebeeRecordingKit, { settings: on });
    expect(names(withSetting.selected)).toContain('void-with-credit-note.json');
    expect(names(withSetting.selected)).not.toContain('void-with-reason-and-comment.json');
    expect(withSetting.skipped.map((entry) => entry.cassette)).toContain('void-with-reason-and-comment.json');
  });

  it('--only names a cassette with or without .json, in a folder too', () => {
    expect(
      names(selectRecordingScenarios(stripeRecordingKit, { only: 'void-not-found', settings: off }).selected),
    ).toEqual(['void-not-found.json']);
    expect(
      selectRecordingScenarios(stripeRecordingKit, { only: 'credit-note-void.json', settings: off }),
    ).toMatchObject({ selected: [{ cassette: 'credit-note-void.json' }], skipped: [] });
    expect(
      selectRecordingScenarios(stripeRecordingKit, { only: 'rate-limit-429', settings: off }),
    ).toMatchObject({
      selected: [],
      skipped: [
        { cassette: 'rate-limit-429.json', reason: expect.stringContaining('pnpm record --emulator') },
      ],
    });
    // The emulator fails on demand: from it, the 429 cassette is recordable.
    expect(
      selectRecordingScenarios(stripeRecordingKit, {
        only: 'rate-limit-429',
        settings: off,
        fromEmulator: true,
      }),
    ).toMatchObject({ selected: [{ cassette: 'rate-limit-429.json' }], skipped: [] });
    expect(
      selectRecordingScenarios(stripeRecordingKit, {
        only: 'contract/2019-11-05/void-consume',
        settings: off,
      }),
    ).toMatchObject({ selected: [{ cassette: 'contract/2019-11-05/void-consume.json' }], skipped: [] });
    expect(
      selectRecordingScenarios(chargebeeRecordingKit, { only: 'contract/bad-input', settings: off }),
    ).toMatchObject({
      selected: [],
      skipped: [
        {
          cassette: 'contract/bad-input.json',
          reason: expect.stringMatching(/^not recordable: makes no request/),
        },
      ],
    });
  });

  it('refuses a name that is no cassette, listing the recordable ones', () => {
    expect(() =>
      selectRecordingScenarios(chargebeeRecordingKit, { only: 'void-everything', settings: off }),
    ).toThrow(
      /no chargebee cassette is called "void-everything"; recordable: void-with-reason-and-comment, /,
    );
  });
});
