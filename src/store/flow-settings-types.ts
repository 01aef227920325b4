/** An admin's override of a flow's `enabled:` setting. */
export interface FlowSetting {
  flow: string;
  enabled: boolean;
  updatedAt: number;
}

/**
 * Runtime flow switches. Async so a PostgreSQL store can implement it; the mapping file's
 * `enabled:` is the default and a stored setting wins.
 */
export interface FlowSettingsRepository {
  /** Every stored override, keyed by flow name. */
  list(): Promise<Map<string, FlowSetting>>;
  get(flow: string): Promise<FlowSetting | undefined>;
  set(flow: string, enabled: boolean): Promise<FlowSetting>;
}
