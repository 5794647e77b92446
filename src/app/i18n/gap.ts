/**
 * A proven gap, with two decimals; one too small for them reads "< 0.01%",
 * never "0%" beside "stopped at the time limit" (the demo at 250 m stopped
 * at 0.001%).
 */
export function formatGap(gap: number, percent: (share: number, fractionDigits: number) => string): string {
  return gap > 0 && gap < 0.00005 ? `< ${percent(0.0001, 2)}` : percent(gap, 2);
}
