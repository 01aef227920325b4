import { IntegrationError } from '../errors';
import type { FlowSettingsRepository } from '../store';

/** Whether a flow runs, and who decided: its mapping file or an admin's override. */
export interface FlowSwitchState {
  flow: string;
  enabled: boolean;
  source: 'mapping' | 'override';
  /** `enabled:` in the mapping file, shown beside an override so nobody wonders why they differ. */
  mappingEnabled: boolean;
  updatedAt?: number;
}

/**
 * Decides whether each flow runs: the mapping file's `enabled:` is the default and a stored
 * override wins. Read on every decision (not cached) so a switch flipped by another process
 * sharing the state database takes effect at the next poll.
 *
 * @example
 * const flows = new FlowSwitch(new SqliteFlowSettings(state), { 'companies-to-customers': true });
 * await flows.set('companies-to-customers', false);
 * await flows.isEnabled('companies-to-customers'); // false
 */
export class FlowSwitch {
  constructor(
    private readonly settings: FlowSettingsRepository,
    /** `enabled:` of each known flow's mapping file. */
    private readonly mappingEnabled: Readonly<Record<string, boolean>>,
  ) {}

  async isEnabled(flow: string): Promise<boolean> {
    return (await this.settings.get(flow))?.enabled ?? this.mappingEnabled[flow] ?? false;
  }

  /** Throws `flow_disabled` (409) when the flow is switched off. */
  async assertEnabled(flow: string): Promise<void> {
    if (!(await this.isEnabled(flow))) {
      throw new IntegrationError('flow_disabled', `flow "${flow}" is disabled; enable it to run it`, { status: 409 });
    }
  }

  async states(): Promise<FlowSwitchState[]> {
    const overrides = await this.settings.list();
    return Object.entries(this.mappingEnabled).map(([flow, mappingEnabled]) => {
      const o = overrides.get(flow);
      return o
        ? { flow, enabled: o.enabled, source: 'override' as const, mappingEnabled, updatedAt: o.updatedAt }
        : { flow, enabled: mappingEnabled, source: 'mapping' as const, mappingEnabled };
    });
  }

  /** Stores an override; unknown flows are refused so a typo does not silently create a row. */
  async set(flow: string, enabled: boolean): Promise<FlowSwitchState> {
    const mappingEnabled = this.mappingEnabled[flow];
    if (mappingEnabled === undefined) {
      throw new IntegrationError('not_found', `no flow named "${flow}"`, { status: 404 });
    }
    const saved = await this.settings.set(flow, enabled);
    return { flow, enabled, source: 'override', mappingEnabled, updatedAt: saved.updatedAt };
  }
}
