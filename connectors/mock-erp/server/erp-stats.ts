/** What `GET /__admin/stats` returns. */
export interface ErpStatsSnapshot {
  /** HTTP requests under `/api/v2.0` (a `$batch` counts once). */
  httpRequests: number;
  /** Operations by `METHOD route`, ids replaced by `{id}`; `$batch` sub-requests count here too. */
  byRoute: Record<string, number>;
  /** POST/PATCH/DELETE operations on entity sets, including `$batch` sub-requests. */
  writes: number;
  /** GET operations, including `$batch` sub-requests. */
  reads: number;
  batches: number;
  /** Injected faults by kind (from the fault injector). */
  faults: Record<string, number>;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * Counts requests by method and route, so tests can assert "no write reached the ERP".
 *
 * @example
 * const stats = new RequestStats();
 * stats.record('PATCH', 'companies(1)/customers(2)', false);
 * stats.snapshot().writes // 1
 */
export class RequestStats {
  private byRoute: Record<string, number> = {};
  private httpRequests = 0;
  private writes = 0;
  private reads = 0;
  private batches = 0;

  /** Counts one operation; `http` is false for `$batch` sub-requests. */
  record(method: string, path: string, http: boolean): void {
    const route = path.replace(/\([^)]*\)/g, '({id})');
    const key = `${method} ${route}`;
    this.byRoute[key] = (this.byRoute[key] ?? 0) + 1;
    if (http) this.httpRequests += 1;
    if (route === '$batch') this.batches += 1;
    else if (method === 'GET') this.reads += 1;
    else if (WRITE_METHODS.has(method)) this.writes += 1;
  }

  snapshot(faults: Record<string, number> = {}): ErpStatsSnapshot {
    return {
      httpRequests: this.httpRequests,
      byRoute: { ...this.byRoute },
      writes: this.writes,
      reads: this.reads,
      batches: this.batches,
      faults: { ...faults },
    };
  }

  reset(): void {
    this.byRoute = {};
    this.httpRequests = 0;
    this.writes = 0;
    this.reads = 0;
    this.batches = 0;
  }
}
