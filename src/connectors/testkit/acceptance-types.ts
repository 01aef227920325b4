import type { ConnectorDefinition, ConnectorMethods, ConnectorRecord } from '../connector-types';

/** The error kinds the suite can provoke; each maps onto one IntegrationError code. */
export type AcceptanceErrorKind =
  | 'auth_failed'
  | 'permission_denied'
  | 'validation_failed'
  | 'not_found'
  | 'rate_limited'
  | 'transport';

/** What every check and hook receives: the live instance and a way to build another one. */
export interface AcceptanceContext {
  definition: ConnectorDefinition;
  /** The instance under test, built from the suite's config. */
  methods: ConnectorMethods;
  /** The raw config the instance was built from. */
  config: Record<string, unknown>;
  /** Builds a second instance with some config values replaced (bad token, closed port). */
  build(overrides: Record<string, unknown>): ConnectorMethods;
}

/** How to exercise one entity of the connector. */
export interface EntityUnderTest {
  /** Entity name from the manifest (`company`). */
  entity: string;
  /**
   * Creates `n` fresh records in the system (through the connector or around it) and returns
   * their ids. Records that already exist are fine: checks only reason about the ones seeded.
   */
  seed(ctx: AcceptanceContext, n: number): Promise<string[]>;
  /** Changes one record so that its `updatedAt` moves forward. */
  edit(ctx: AcceptanceContext, id: string): Promise<void>;
  /** Fields of a new, valid record; `i` makes it unique (used by the idempotent upsert check). */
  newFields(i: number): Record<string, unknown>;
  /** A search key of the entity and how to read its value from a record; omit to skip the check. */
  searchKey?: { field: string; valueOf(record: ConnectorRecord): string | undefined };
  /** An id of the system's shape that does not exist (`'999999999'`, an unused GUID). */
  missingId: string;
  /** Page size used by the paging checks; small so a few records span several pages. Default 5. */
  pageSize?: number;
}

/**
 * Provokes one kind of failure. The probe either throws (the thrown value is checked), or
 * returns the `UpsertResult[]` of a write whose first failed item carries the error.
 */
export type ErrorProbe = (ctx: AcceptanceContext) => Promise<unknown>;

/** Options of {@link describeConnectorAcceptance}. */
export interface ConnectorAcceptanceOptions {
  /** Suite title, e.g. `mock-crm`. */
  name: string;
  connector: ConnectorDefinition;
  /** Config of the instance; called after `setup`, so it can read a server's port. */
  config: () => Record<string, unknown>;
  entities: EntityUnderTest[];
  /** Starts the system (server, database); runs once before the checks. */
  setup?: () => Promise<void>;
  /** Timeout of `setup` (a real server may need minutes on first run). Default: vitest's hookTimeout. */
  setupTimeoutMs?: number;
  /** Timeout of each check; real systems are slower than mocks. Default: vitest's testTimeout. */
  testTimeoutMs?: number;
  /** Stops what `setup` started. */
  teardown?: () => Promise<void>;
  /** Brings the system back to a known state before each check (optional). */
  reset?: () => Promise<void>;
  /** One probe per error kind the system can produce; missing kinds are reported as skipped. */
  errors?: Partial<Record<AcceptanceErrorKind, ErrorProbe>>;
  /** Why a kind has no probe, shown in the skipped test's title. */
  skipReasons?: Partial<Record<AcceptanceErrorKind, string>>;
  /** For `validation_failed`: the field the error must name. */
  validationField?: string;
}

/** A check failed: the message says what the connector did wrong, with ids. */
export class AcceptanceFailure extends Error {
  constructor(
    readonly check: string,
    message: string,
  ) {
    super(`[${check}] ${message}`);
    this.name = 'AcceptanceFailure';
  }
}
