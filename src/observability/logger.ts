/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|secret|password|authorization|api[-_]?key/i;

/** A structured logger; `data` keys that look like secrets are redacted. */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/**
 * Creates a logger writing one line per event: JSON when `json` is set (production), a short
 * readable line otherwise.
 *
 * @example
 * const log = createLogger({ level: 'info' });
 * log.info('run finished', { flow: 'companies-to-customers', created: 2000 });
 */
export function createLogger(
  options: { level?: LogLevel; json?: boolean; write?: (line: string) => void } = {},
): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: LogLevel, message: string, data?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const safe = data ? redact(data) : undefined;
    if (options.json) {
      write(JSON.stringify({ time: new Date().toISOString(), level, message, ...safe }));
    } else {
      const extra = safe
        ? ` ${Object.entries(safe)
            .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join(' ')}`
        : '';
      write(`${new Date().toISOString().slice(11, 23)} ${level.padEnd(5)} ${message}${extra}`);
    }
  };
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
  };
}

function redact(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : v]));
}
