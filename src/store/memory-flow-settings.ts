import type { FlowSetting, FlowSettingsRepository } from './flow-settings-types';

/**
 * Flow switches kept in this process only: for state stores without a settings table yet, so
 * a switch works until restart instead of the route answering 404.
 *
 * @example
 * const settings = new MemoryFlowSettings();
 * await settings.set('companies-to-customers', false);
 */
export class MemoryFlowSettings implements FlowSettingsRepository {
  private readonly settings = new Map<string, FlowSetting>();

  async list(): Promise<Map<string, FlowSetting>> {
    return new Map(this.settings);
  }

  async get(flow: string): Promise<FlowSetting | undefined> {
    return this.settings.get(flow);
  }

  async set(flow: string, enabled: boolean): Promise<FlowSetting> {
    const setting = { flow, enabled, updatedAt: Date.now() };
    this.settings.set(flow, setting);
    return setting;
  }
}
