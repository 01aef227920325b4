/** What a progress line shows: records done out of a total that may still be growing. */
export interface ProgressState {
  /** Leading text, e.g. the flow name. */
  label: string;
  done: number;
  /** Records known so far; while `totalFinal` is false more may come (a change feed still being read). */
  total: number;
  /** The total will not grow any more, so a percentage and an ETA mean something. */
  totalFinal: boolean;
  elapsedMs: number;
}

/**
 * Formats one progress line to fit `width` columns: label, bar, done/total, percent, rate and
 * ETA. Pure, so the layout is tested without a terminal. While the total is still growing the
 * line says `1200/2000+` and leaves out the ETA rather than promise a wrong one.
 *
 * @example
 * formatProgress({ label: 'companies', done: 500, total: 2000, totalFinal: true, elapsedMs: 10_000 }, 70);
 * // 'companies [======>                  ]  500/2000   25%  50.0/s  ETA 30s'
 */
export function formatProgress(state: ProgressState, width = 80): string {
  const { done, total, totalFinal, elapsedMs } = state;
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const parts = [`${String(done).padStart(String(total).length)}/${total}${totalFinal ? '' : '+'}`];
  if (totalFinal && total > 0) parts.push(`${String(Math.floor((100 * done) / total)).padStart(3)}%`);
  parts.push(`${formatRate(rate)}/s`);
  if (totalFinal && done < total && rate > 0) parts.push(`ETA ${formatDuration((total - done) / rate)}`);
  if (done >= total && totalFinal) parts.push(`in ${formatDuration(seconds)}`);
  const tail = parts.join('  ');
  const room = width - state.label.length - tail.length - 4;
  if (room < 5) return `${state.label} ${tail}`.slice(0, width);
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.floor(fraction * room);
  const bar = '='.repeat(filled) + (filled < room ? '>' : '') + ' '.repeat(Math.max(0, room - filled - 1));
  return `${state.label} [${bar}] ${tail}`;
}

/**
 * Seconds as `42s`, `3m05s` or `2h07m`.
 *
 * @example
 * formatDuration(185); // '3m05s'
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function formatRate(rate: number): string {
  if (rate >= 10_000) return `${(rate / 1000).toFixed(0)}k`;
  if (rate >= 100) return rate.toFixed(0);
  return rate.toFixed(1);
}

/** Where a bar draws: a terminal (`process.stderr`) or a test double. */
export interface ProgressTerminal {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** A bar on one terminal line, redrawn in place. */
export interface ProgressBar {
  update(state: ProgressState): void;
  /** Leaves the last line on screen and moves to the next one. */
  finish(): void;
}

/**
 * A progress bar that redraws one line with `\r`. On anything but a TTY it draws nothing, so
 * logs, pipes and `--json` output stay clean.
 *
 * @example
 * const bar = createProgressBar(process.stderr);
 * bar.update({ label: 'replay', done: 10, total: 100, totalFinal: true, elapsedMs: 2000 });
 * bar.finish();
 */
export function createProgressBar(terminal: ProgressTerminal): ProgressBar {
  let last = '';
  return {
    update(state) {
      if (!terminal.isTTY) return;
      const line = formatProgress(state, (terminal.columns ?? 80) - 1);
      if (line === last) return;
      // \x1b[K clears what a longer previous line left behind.
      terminal.write(`\r${line}\x1b[K`);
      last = line;
    },
    finish() {
      if (terminal.isTTY && last) terminal.write('\n');
      last = '';
    },
  };
}
