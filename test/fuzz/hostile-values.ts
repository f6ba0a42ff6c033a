import fc from 'fast-check';

/** Characters and sequences an id must never carry (they could address another endpoint or smuggle bytes). */
export const hostileFragments = [
  '/',
  '?',
  '#',
  '..',
  '%2F',
  '%2e%2e',
  '\\',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u202e',
  '\ufeff',
  'é',
  'İ',
  '💸',
  '&',
  '=',
  ';',
  '"',
  "'",
  '<',
  '>',
  '*',
  ',',
] as const;

/**
 * One code point, any but a lone surrogate: what fast-check's `unit: 'binary'` draws, drawn the same
 * way (a `nat` over both ranges, the index as the code point below the surrogates and 0x800 past it
 * above), with an unmapper that computes the index. fast-check's own builds a map of all 1 112 064
 * code points the first time it tokenizes its dangerous strings, when the arbitrary is made:
 * ~0.5 s of CPU on importing this file (issue 12).
 */
const anyCodePoint = fc.nat({ max: 0x10ffff - 0x800 }).map(
  (index) => String.fromCodePoint(index < 0xd800 ? index : index + 0x800),
  (value) => {
    const point = typeof value === 'string' ? value.codePointAt(0) : undefined;
    if (
      point === undefined ||
      String.fromCodePoint(point) !== value ||
      (point >= 0xd800 && point <= 0xdfff)
    ) {
      throw new Error('not one code point');
    }
    return point < 0xd800 ? point : point - 0x800;
  },
);

const plain = fc.string({ unit: fc.constantFrom(...'abcxyzABC0129_-'.split('')), maxLength: 24 });

/** A string built around at least one hostile fragment. */
export const hostileString = (fragments: readonly string[] = hostileFragments) =>
  fc
    .tuple(plain, fc.constantFrom(...fragments), plain, fc.option(fc.constantFrom(...fragments)), plain)
    .map(([a, bad, b, more, c]) => `${a}${bad}${b}${more ?? ''}${c}`);

/** Ids no provider should ever see: hostile characters, empty, too long (up to 10 000 chars), not strings. */
export const hostileId = fc.oneof(
  { weight: 5, arbitrary: hostileString() },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: anyCodePoint, minLength: 1, maxLength: 40 })
      .filter((value) => !/^[A-Za-z0-9_\-.:@+]+$/.test(value) || value.includes('..')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '..',
      '../customers/cus_1',
      'in_1/void',
      'in_1?expand[]=customer',
      'in_1#x',
      'in_1%2F..%2Fcustomers',
      ' in_1',
      'in_1\n',
      'a'.repeat(10_000),
      'in_'.repeat(86),
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 10_000 }).map((length) => 'x'.repeat(length)) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.object({ maxDepth: 1 }),
      fc.array(fc.string(), { maxLength: 3 }),
    ),
  },
);

/** Amounts that are not a positive safe integer of minor units. */
export const badAmount = fc.oneof(
  fc.double().filter((value) => !Number.isSafeInteger(value) || value <= 0),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: 0 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0.5, 99.99, 1e21),
  fc.constantFrom(2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 70n }).map((value) => Number(value)),
  fc.constantFrom<unknown>('100', '1e3', null, true, {}, [], 10n),
);

/**
 * Text longer than `max` characters (up to 10 000), with unicode mixed in. Characters are code
 * points, as zod v4 counts them (`'💸'.repeat(100)` is 100 characters, 200 UTF-16 units). The text
 * is `unit.repeat(length)` and its length in code points is counted on the unit: building it as an
 * array of `length` units and counting it with `Array.from` again took 1.1 s of CPU for 3 000
 * samples, against 5 ms now, for the same strings (issue 12).
 */
export const tooLong = (max: number) =>
  fc
    .tuple(
      fc.integer({ min: max + 1, max: 10_000 }),
      fc.constantFrom('a', 'é', '💸', ' ', '\u0000', 'x\u0301'),
    )
    .filter(([length, unit]) => Array.from(unit).length * length > max)
    .map(([length, unit]) => unit.repeat(length));

/** Idempotency keys billbridge refuses: too long, empty, spaces, control or non-ASCII characters. */
export const badIdempotencyKey = fc.oneof(
  tooLong(100),
  fc.constant(''),
  hostileString([' ', '\t', '\n', '\u0000', '\u007f', 'é', '💸', '\u00a0']),
);

/** `providerOptions` values with prototype keys as own keys (made with JSON.parse), at various depths. */
export const prototypeKeyOptions = fc
  .tuple(
    fc.constantFrom('__proto__', 'constructor', 'prototype'),
    fc.constantFrom('stripe', 'chargebee', 'memory'),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([key, namespace, depth]) => {
    let inner = `{"${key}": {"polluted": true}}`;
    for (let level = 0; level < depth; level++) inner = `{"nested${level}": ${inner}}`;
    const json = depth === 0 && namespace === 'memory' ? inner : `{"${namespace}": ${inner}}`;
    return { value: JSON.parse(json) as Record<string, unknown>, key };
  });

/** An option key that is not one of `allowed`. */
export const unknownKey = (allowed: readonly string[]) =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.constantFrom('timeoutMs', 'retries', 'expand', 'apiKey', 'amount'),
    )
    .filter((key) => !allowed.includes(key) && !['__proto__', 'constructor', 'prototype'].includes(key));
