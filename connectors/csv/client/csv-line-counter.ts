/**
 * The line each row starts on, from csv-parse's counters (`info.lines` is the line a record
 * ends on, `info.empty_lines` the blank lines skipped so far), counted from `firstLine`, the
 * line where parsing began. csv-parse counts a CRLF inside a quoted cell as two lines; a
 * quoted cell keeps its CRLF as is, so the counter takes one off for each it finds there.
 *
 * @example
 * const lines = new CsvLineCounter(1);
 * for (const { record, info } of parsed) rows.push({ line: lines.start(record, info), cells: record });
 */
export class CsvLineCounter {
  private end = 0;
  private empty = 0;
  private overcount = 0;

  constructor(private readonly firstLine: number) {}

  /** The line `record` starts on; call once per record, in file order. */
  start(record: string[], info: { lines: number; empty_lines: number }): number {
    // A row starts one past where the previous one ended, after the blank lines between them.
    const line = this.firstLine + this.end + (info.empty_lines - this.empty);
    for (const cell of record) {
      if (cell.includes('\r\n')) this.overcount += cell.split('\r\n').length - 1;
    }
    this.end = info.lines - this.overcount;
    this.empty = info.empty_lines;
    return line;
  }

  /** The line just after the last record seen: where the next read begins. */
  get next(): number {
    return this.firstLine + this.end;
  }
}
