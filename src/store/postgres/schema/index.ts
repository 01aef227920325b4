// PostgreSQL twins of the SQLite state tables (../../schema), one file per area; drizzle-kit reads
// this folder (drizzle.postgres.config.ts). The embedded queue's tables have no twin: with
// PostgreSQL the queue is BullMQ.
export * from './dlq-tables';
export * from './flow-settings-tables';
export * from './mapping-tables';
export * from './ownership-tables';
export * from './review-tables';
export * from './state-tables';
