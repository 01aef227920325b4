import type { CrmChange } from '../crm-object';
import type { CrmStore } from '../crm-store';
import { signHubSpotV3 } from './sign-hubspot-v3';
import type { WebhookSettings } from './webhook-settings';

/** One event of a delivery, in HubSpot's v3 shape. */
export interface WebhookEventBody {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  propertyName?: string;
  propertyValue?: string | null;
  changeSource: string;
  /** Merge only, as HubSpot sends them. */
  primaryObjectId?: number;
  mergedObjectIds?: number[];
}

/** Tuning of {@link WebhookDispatcher}; the defaults suit tests and demos, not HubSpot's 24 h of retries. */
export interface DispatcherOptions {
  /** Wait after the first queued event before sending, so bursts share a delivery. */
  flushMs?: number;
  /** Events per delivery (HubSpot sends at most 100). */
  maxBatch?: number;
  /** Deliveries are tried this many times in all. */
  maxAttempts?: number;
  /** First retry delay; doubled per attempt, capped at 10 s. */
  retryBaseMs?: number;
  timeoutMs?: number;
}

/** Counters of `/__admin/stats` (`webhooks`): events, not deliveries. */
export interface DispatcherStats {
  delivered: number;
  failed: number;
  /** Queued or in flight (including waiting for a retry). */
  pending: number;
  deliveries: number;
  attempts: number;
}

/** Properties HubSpot changes on every write; subscribing to them would be noise. */
const SILENT = new Set(['hs_lastmodifieddate', 'hs_object_id', 'createdate']);

/**
 * Turns store changes into HubSpot v3 webhook deliveries: events for active subscriptions
 * are batched (at most `maxBatch`, after `flushMs`), signed, POSTed to the target URL and
 * retried with exponential backoff on non-2xx answers and timeouts, `attemptNumber` counting up.
 *
 * @example
 * const dispatcher = new WebhookDispatcher(store, settings, { flushMs: 20 });
 * dispatcher.start();
 * await dispatcher.drain();
 */
export class WebhookDispatcher {
  private queue: WebhookEventBody[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly retries = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private nextEventId = 1;
  private unsubscribe: (() => void) | undefined;
  private readonly counters = { delivered: 0, failed: 0, deliveries: 0, attempts: 0 };
  private readonly options: Required<DispatcherOptions>;

  constructor(
    private readonly store: CrmStore,
    private readonly settings: WebhookSettings,
    options: DispatcherOptions = {},
  ) {
    this.options = { flushMs: 50, maxBatch: 100, maxAttempts: 5, retryBaseMs: 200, timeoutMs: 5000, ...options };
  }

  start(): void {
    this.unsubscribe ??= this.store.onChange((change) => this.enqueue(change));
  }

  stats(): DispatcherStats {
    return { ...this.counters, pending: this.queue.length + this.inFlight };
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry (tests, shutdown). */
  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length || this.inFlight) {
      if (Date.now() > deadline) throw new Error('webhook deliveries did not drain');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Stops listening and drops queued events and pending retries. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    this.queue = [];
  }

  private enqueue(change: CrmChange): void {
    if (!this.settings.deliverable) return;
    if (change.kind === 'merge' && change.mergedId) {
      // HubSpot reports a merge as such, not as a deletion of the merged record: drop the
      // deletion the archive just queued (same tick, so it has not been flushed yet).
      const merged = Number(change.mergedId);
      this.queue = this.queue.filter((e) => !(e.objectId === merged && e.subscriptionType.endsWith('.deletion')));
    }
    const events = this.eventsOf(change);
    if (!events.length) return;
    this.queue.push(...events);
    this.timer ??= setTimeout(() => this.flush(), this.options.flushMs);
  }

  private eventsOf(change: CrmChange): WebhookEventBody[] {
    const eventType = `${singular(change.type)}.${change.kind}`;
    const base = {
      portalId: this.settings.portalId,
      appId: this.settings.appId,
      occurredAt: change.at,
      subscriptionType: eventType,
      attemptNumber: 0,
      objectId: Number(change.id),
      changeSource: 'API',
    };
    const events: WebhookEventBody[] = [];
    for (const sub of this.settings.list()) {
      if (!sub.active || sub.eventType !== eventType) continue;
      if (change.kind !== 'propertyChange') {
        const merge =
          change.kind === 'merge' && change.mergedId
            ? { primaryObjectId: Number(change.id), mergedObjectIds: [Number(change.mergedId)] }
            : {};
        events.push({ eventId: this.nextEventId++, subscriptionId: sub.id, ...base, ...merge });
        continue;
      }
      for (const [name, value] of Object.entries(change.properties ?? {})) {
        if (SILENT.has(name) || (sub.propertyName && sub.propertyName !== name)) continue;
        events.push({
          eventId: this.nextEventId++,
          subscriptionId: sub.id,
          ...base,
          propertyName: name,
          propertyValue: value,
        });
      }
    }
    return events;
  }

  private flush(): void {
    this.timer = undefined;
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.counters.deliveries++;
      this.inFlight += batch.length;
      void this.deliver(batch, 1);
    }
  }

  private async deliver(batch: WebhookEventBody[], attempt: number): Promise<void> {
    this.counters.attempts++;
    const ok = await this.post(batch.map((event) => ({ ...event, attemptNumber: attempt - 1 })));
    if (ok) {
      this.counters.delivered += batch.length;
      this.inFlight -= batch.length;
      return;
    }
    if (attempt >= this.options.maxAttempts || !this.unsubscribe) {
      this.counters.failed += batch.length;
      this.inFlight -= batch.length;
      return;
    }
    const delay = Math.min(this.options.retryBaseMs * 2 ** (attempt - 1), 10_000);
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      void this.deliver(batch, attempt + 1);
    }, delay);
    timer.unref();
    this.retries.add(timer);
  }

  private async post(events: WebhookEventBody[]): Promise<boolean> {
    const { targetUrl, secret } = this.settings;
    if (!targetUrl || !secret) return false;
    const body = JSON.stringify(events);
    const timestamp = Date.now();
    try {
      const response = await fetch(targetUrl, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature-v3': signHubSpotV3(secret, 'POST', targetUrl, body, timestamp),
          'x-hubspot-request-timestamp': String(timestamp),
        },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok;
    } catch {
      return false;
    }
  }
}

/** HubSpot names event types by the singular object type (`companies` -> `company`). */
function singular(type: string): string {
  if (type.endsWith('ies')) return `${type.slice(0, -3)}y`;
  return type.endsWith('s') ? type.slice(0, -1) : type;
}
