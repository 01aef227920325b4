// One file per area; drizzle-kit reads this folder (drizzle.config.ts) to generate migrations.
export * from './dlq-tables';
export * from './flow-settings-tables';
export * from './mapping-tables';
export * from './ownership-tables';
export * from './queue-tables';
export * from './review-tables';
export * from './state-tables';
