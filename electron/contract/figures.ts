/** The transparency table's rows, chart data and CSV, shared by the renderer and the tests (domain/figures-table.ts). */
export {
  chartData,
  transparencyCsv,
  transparencyRows,
  type ChartBar,
  type TransparencyRow,
} from '../../domain/figures-table';
