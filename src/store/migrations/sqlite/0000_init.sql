CREATE TABLE `cursors` (
	`flow` text PRIMARY KEY NOT NULL,
	`cursor` text,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`name` text NOT NULL,
	`payload` text NOT NULL,
	`state` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`backoff` text NOT NULL,
	`run_at` integer NOT NULL,
	`lease_until` integer,
	`lease_token` text,
	`last_error` text,
	`result` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `jobs_ready` ON `jobs` (`queue`,`state`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_lease` ON `jobs` (`queue`,`state`,`lease_until`);--> statement-breakpoint
CREATE TABLE `record_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text,
	`flow` text NOT NULL,
	`source_id` text NOT NULL,
	`target_id` text,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	`mapping_version` text,
	`error_code` text,
	`error_message` text,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `history_flow_source` ON `record_history` (`flow`,`source_id`);--> statement-breakpoint
CREATE INDEX `history_run` ON `record_history` (`run_id`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`flow` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`read` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `runs_flow_started` ON `runs` (`flow`,`started_at`);--> statement-breakpoint
CREATE TABLE `xrefs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`crm_id` text NOT NULL,
	`erp_id` text NOT NULL,
	`written_fingerprint` text,
	`source_fingerprint` text,
	`mapping_version` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `xrefs_kind_crm` ON `xrefs` (`kind`,`crm_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `xrefs_kind_erp` ON `xrefs` (`kind`,`erp_id`);