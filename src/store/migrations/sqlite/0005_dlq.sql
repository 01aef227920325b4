CREATE TABLE `dlq_attempts` (
	`job_id` text NOT NULL,
	`source_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`status` integer,
	PRIMARY KEY(`job_id`, `source_id`, `attempt`)
);
--> statement-breakpoint
CREATE TABLE `dlq_items` (
	`id` text PRIMARY KEY NOT NULL,
	`flow` text NOT NULL,
	`source_id` text NOT NULL,
	`source_record` text NOT NULL,
	`mapping_version` text,
	`run_id` text,
	`error_code` text NOT NULL,
	`error_message` text NOT NULL,
	`http_status` integer,
	`response_excerpt` text,
	`attempts` text NOT NULL,
	`status` text NOT NULL,
	`resolution` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dlq_flow_source` ON `dlq_items` (`flow`,`source_id`);--> statement-breakpoint
CREATE INDEX `dlq_status_code` ON `dlq_items` (`status`,`error_code`,`updated_at`);