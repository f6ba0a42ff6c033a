import type { Money } from '@billbridge/core';

/** `1500 usd` → `15.00 USD`, with integer arithmetic only (two-decimal currencies). */
export function formatMoney(value: Money | null): string {
  if (!value) return '—';
  const sign = value.amount < 0 ? '-' : '';
  const abs = Math.abs(value.amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${value.currency.toUpperCase()}`;
}
