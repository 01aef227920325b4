CREATE TABLE `match_index` (
	`scope` text NOT NULL,
	`target_id` text NOT NULL,
	`fields` text NOT NULL,
	`pending_source_id` text,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`scope`, `target_id`)
);
--> statement-breakpoint
CREATE TABLE `match_index_keys` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`target_id` text NOT NULL,
	PRIMARY KEY(`scope`, `key`, `target_id`)
);
--> statement-breakpoint
CREATE INDEX `match_index_keys_target` ON `match_index_keys` (`scope`,`target_id`);--> statement-breakpoint
CREATE TABLE `review_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`flow` text NOT NULL,
	`kind` text NOT NULL,
	`source_side` text NOT NULL,
	`source_id` text NOT NULL,
	`candidate_id` text,
	`candidate_source_id` text,
	`reason` text NOT NULL,
	`score` real NOT NULL,
	`explanation` text NOT NULL,
	`source_fields` text,
	`status` text NOT NULL,
	`decided_by` text,
	`note` text,
	`applied_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`decided_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_flow_source` ON `review_items` (`flow`,`source_id`);--> statement-breakpoint
CREATE INDEX `review_status` ON `review_items` (`status`,`flow`);