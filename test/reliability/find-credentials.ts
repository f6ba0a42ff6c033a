/** Placeholders that are obviously not keys (masked as Stripe masks them, or named so). */
const placeholder = /\*{4,}|x{6,}|fake|placeholder|redacted|example|dummy/i;

/** Scans text for anything that looks like a live or test credential. Returns the findings. */
export function findCredentials(text: string): string[] {
  const findings: string[] = [];
  const patterns = [
    /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9*]+/g,
    /\bwhsec_[A-Za-z0-9]+/g,
    /\b(?:live|test)_[A-Za-z0-9]{20,}/g,
    /"authorization"\s*:/gi,
    /\bBasic\s+[A-Za-z0-9+/=]{12,}/g,
    /\bBearer\s+[A-Za-z0-9_]{12,}/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      if (!placeholder.test(match[0])) findings.push(match[0]);
    }
  }
  return findings;
}
