/** The four object events HubSpot's webhooks API v3 lets an app subscribe to. */
export const WEBHOOK_EVENTS = ['creation', 'propertyChange', 'deletion', 'merge'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A subscription as `GET /webhooks/v3/{appId}/subscriptions` returns it. */
export interface WebhookSubscription {
  id: number;
  /** `<object type singular>.<event>`, e.g. `company.propertyChange`. */
  eventType: string;
  /** propertyChange only: the one property; absent means any property. */
  propertyName?: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Options of {@link WebhookSettings}. */
export interface WebhookSettingsOptions {
  appId?: number;
  portalId?: number;
  targetUrl?: string;
  /** The app's client secret: what deliveries are signed with. Not settable through the API, as in HubSpot. */
  secret?: string;
  subscriptions?: readonly { eventType: string; propertyName?: string }[];
}

/**
 * The mock app's webhook configuration: target URL, signing secret and subscriptions. The
 * dispatcher reads it on every change, so API edits apply to the next event.
 *
 * @example
 * const settings = new WebhookSettings({ targetUrl: 'http://127.0.0.1:3000/webhooks/crm', secret: 's' });
 * settings.subscribe({ eventType: 'company.propertyChange' });
 */
export class WebhookSettings {
  readonly appId: number;
  readonly portalId: number;
  targetUrl: string | undefined;
  readonly secret: string | undefined;
  readonly createdAt = new Date().toISOString();
  private readonly subscriptions = new Map<number, WebhookSubscription>();
  private nextId = 1;

  constructor(options: WebhookSettingsOptions = {}) {
    this.appId = options.appId ?? 1_000_001;
    this.portalId = options.portalId ?? 62_515;
    this.targetUrl = options.targetUrl;
    this.secret = options.secret;
    for (const s of options.subscriptions ?? []) this.subscribe(s);
  }

  /** Adds a subscription; an identical one is returned instead of duplicated. */
  subscribe(input: { eventType: string; propertyName?: string; active?: boolean }): WebhookSubscription {
    const same = this.list().find((s) => s.eventType === input.eventType && s.propertyName === input.propertyName);
    if (same) return same;
    const now = new Date().toISOString();
    const subscription: WebhookSubscription = {
      id: this.nextId++,
      eventType: input.eventType,
      ...(input.propertyName ? { propertyName: input.propertyName } : {}),
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  unsubscribe(id: number): boolean {
    return this.subscriptions.delete(id);
  }

  list(): WebhookSubscription[] {
    return [...this.subscriptions.values()];
  }

  /** Deliveries need both a target and a secret: unsigned deliveries would teach receivers to skip checks. */
  get deliverable(): boolean {
    return Boolean(this.targetUrl && this.secret);
  }
}

/**
 * Every event of the given object types, for a demo that should need no API calls.
 *
 * @example
 * allEventsOf(['company', 'contact']) // 8 subscriptions
 */
export function allEventsOf(objectTypes: readonly string[]): { eventType: string }[] {
  return objectTypes.flatMap((type) => WEBHOOK_EVENTS.map((event) => ({ eventType: `${type}.${event}` })));
}
