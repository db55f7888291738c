import type { MonthRow } from './fleet';

/**
 * The trámite's transparency table (Año, Mes, Volumen de Quejas, Volumen de Atenciones) in the
 * three forms the supervisor gets: rows newest month first, the bar chart's data and the CSV.
 * One source, so the chart, the table (its accessible alternative) and the file cannot disagree.
 */
export type TransparencyRow = { year: number; month: number; quejas: number; atenciones: number };

export function transparencyRows(months: readonly MonthRow[]): TransparencyRow[] {
  return [...months]
    .sort((a, b) => b.year - a.year || b.month - a.month)
    .map(({ year, month, quejas, atenciones }) => ({ year, month, quejas, atenciones }));
}

export type ChartBar = { year: number; month: number; atenciones: number; quejas: number };
export type ChartData = { bars: ChartBar[]; max: number };

/** Oldest month on the left, as a time axis reads; atenciones with quejas beside them. */
export function chartData(months: readonly MonthRow[]): ChartData {
  const bars = transparencyRows(months).reverse();
  const max = Math.max(1, ...bars.map((b) => Math.max(b.atenciones, b.quejas)));
  return { bars, max };
}

/** CSV (RFC 4180, CRLF) with the table's own headers, so the file opens as the published table. */
export function transparencyCsv(
  months: readonly MonthRow[],
  headers: readonly [string, string, string, string],
): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [headers.map(quote).join(',')];
  for (const r of transparencyRows(months)) lines.push([r.year, r.month, r.quejas, r.atenciones].join(','));
  return `${lines.join('\r\n')}\r\n`;
}
