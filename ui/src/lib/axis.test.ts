import { describe, expect, it } from 'vitest';
import { COST, COUNT, DURATION, TOKEN_COUNT, niceTicks } from './axis';

const labels = (axis: { ticks: number[]; label(v: number): string }) => axis.ticks.map(axis.label);

describe('niceTicks', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten up to the maximum or just past it', () => {
    expect(niceTicks(10, false)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(12, false)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(0.0021, false)).toEqual([0, 0.001, 0.002, 0.003]);
    expect(niceTicks(633_100, false)).toEqual([0, 200_000, 400_000, 600_000, 800_000]);
  });

  it('keeps to whole numbers for counts, also for tiny maxima', () => {
    expect(niceTicks(1, true)).toEqual([0, 1]);
    expect(niceTicks(2, true)).toEqual([0, 1, 2]);
    expect(niceTicks(3, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(10, true)).toEqual([0, 5, 10]);
    expect(niceTicks(0.3, true)).toEqual([0, 1]);
  });

  it('gives an empty chart an axis', () => {
    expect(niceTicks(0, true)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN, false)).toEqual([0, 1]);
  });
});

describe('axes', () => {
  it('label every duration tick in the unit of the top tick', () => {
    expect(labels(DURATION.axis(9_700_000))).toEqual(['0 s', '2.5 s', '5.0 s', '7.5 s', '10.0 s']);
    expect(labels(DURATION.axis(1_500_000))).toEqual(['0 s', '0.5 s', '1.0 s', '1.5 s']);
    expect(labels(DURATION.axis(850_000))).toEqual(['0 s', '0.25 s', '0.50 s', '0.75 s', '1.00 s']);
    expect(labels(DURATION.axis(420_000))).toEqual(['0 ms', '200 ms', '400 ms', '600 ms']);
    expect(labels(DURATION.axis(3_000))).toEqual(['0 ms', '1 ms', '2 ms', '3 ms']);
    expect(labels(DURATION.axis(700))).toEqual(['0 µs', '200 µs', '400 µs', '600 µs', '800 µs']);
  });

  it('count in whole numbers', () => {
    expect(labels(COUNT.axis(1))).toEqual(['0', '1']);
    expect(labels(COUNT.axis(2))).toEqual(['0', '1', '2']);
    expect(labels(COUNT.axis(1_800))).toEqual(['0', '500', '1,000', '1,500', '2,000']);
  });

  it('abbreviate tokens alike on every tick', () => {
    expect(labels(TOKEN_COUNT.axis(400))).toEqual(['0', '100', '200', '300', '400']);
    expect(labels(TOKEN_COUNT.axis(1_500))).toEqual(['0k', '0.5k', '1.0k', '1.5k']);
    expect(labels(TOKEN_COUNT.axis(633_100))).toEqual(['0k', '200k', '400k', '600k', '800k']);
  });

  it('give costs the same decimals on every tick, never exponents', () => {
    expect(labels(COST.axis(0.0021))).toEqual(['$0', '$0.001', '$0.002', '$0.003']);
    expect(labels(COST.axis(0.000_000_2))).toEqual(['$0', '$0.00000005', '$0.00000010', '$0.00000015', '$0.00000020']);
    expect(labels(COST.axis(0.11))).toEqual(['$0', '$0.05', '$0.10', '$0.15']);
    expect(labels(COST.axis(2_400))).toEqual(['$0', '$1,000', '$2,000', '$3,000']);
  });
});
