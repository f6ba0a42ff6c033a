import type { Money } from 'billbridge';

/** `{ amount: 1500, currency: 'usd' }` → `15.00 USD`, with integer arithmetic only (two-decimal currencies). */
export function formatMoney(money: Money | null | undefined): string {
  if (!money) return '—';
  const sign = money.amount < 0 ? '-' : '';
  const units = Math.abs(money.amount);
  const major = Math.trunc(units / 100);
  const minor = String(units % 100).padStart(2, '0');
  return `${sign}${major}.${minor} ${money.currency.toUpperCase()}`;
}
