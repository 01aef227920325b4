/**
 * What is wrong with a row's shape, or undefined: a row with more or fewer cells than the
 * header has its values under the wrong columns, so it is reported (naming the first column
 * that is missing or the first cell without a header) instead of being read as if it fitted.
 *
 * @example
 * rowShapeProblem('companies.csv', ['id', 'name', 'zip'], ['4', 'Delta'], 5);
 * // 'companies.csv line 5, column "zip": expected 3 columns, got 2'
 */
export function rowShapeProblem(file: string, header: string[], cells: string[], line: number): string | undefined {
  if (cells.length === header.length) return undefined;
  const column =
    cells.length > header.length ? `column ${header.length + 1} (no header)` : `column "${header[cells.length]}"`;
  return `${file} line ${line}, ${column}: expected ${header.length} columns, got ${cells.length}`;
}
