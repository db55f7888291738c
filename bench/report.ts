import { writeFileSync } from 'node:fs';

/**
 * One row of `npm run bench`: a figure beside the reference measured in the same run (the same
 * work done bare), their ratio, the target and whether it was met. A row that could not be
 * measured keeps its place with `value: null` and the reason in `detail`.
 */
export type BenchRow = {
  name: string;
  value: number | null;
  unit: string;
  /** what the reference is, when there is one */
  referenceName: string | null;
  reference: number | null;
  /** value / reference */
  ratio: number | null;
  target: string;
  met: boolean;
  /** runs, percentiles, or why it was not measured */
  detail: string;
};

export type Figure = { value: number; unit: string; detail?: string };
export type Reference = { name: string; value: number };

export function row(
  name: string,
  figure: Figure,
  target: { text: string; met: (value: number, ratio: number | null) => boolean },
  reference?: Reference,
): BenchRow {
  const ratio = reference && reference.value > 0 ? figure.value / reference.value : null;
  return {
    name,
    value: figure.value,
    unit: figure.unit,
    referenceName: reference?.name ?? null,
    reference: reference?.value ?? null,
    ratio,
    target: target.text,
    met: target.met(figure.value, ratio),
    detail: figure.detail ?? '',
  };
}

export function notMeasured(name: string, unit: string, target: string, reason: string): BenchRow {
  return {
    name,
    value: null,
    unit,
    referenceName: null,
    reference: null,
    ratio: null,
    target,
    met: false,
    detail: `not measured: ${reason}`,
  };
}

const number = (value: number) =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
const figure = (value: number | null, unit: string) => (value === null ? 'not measured' : `${number(value)} ${unit}`);

/** The one table: figure, reference, ratio, target, met; details under it, numbered. */
export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.name,
    figure(r.value, r.unit),
    r.reference === null ? '—' : `${figure(r.reference, r.unit)} (${r.referenceName})`,
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target,
    r.value === null ? 'n/a' : r.met ? 'yes' : 'NO',
  ]);
  const header = ['figure', 'value', 'reference', 'ratio', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)];
  const notes = rows.map((r, i) => (r.detail ? `${i + 1}. ${r.name}: ${r.detail}` : '')).filter(Boolean);
  return [...out, '', ...notes].join('\n');
}

export function writeResults(file: string, rows: BenchRow[]): void {
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
}
