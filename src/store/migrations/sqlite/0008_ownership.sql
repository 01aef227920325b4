CREATE TABLE `conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`flow` text NOT NULL,
	`source_id` text NOT NULL,
	`target_id` text NOT NULL,
	`field` text NOT NULL,
	`base` text,
	`copy` text,
	`master` text,
	`status` text NOT NULL,
	`resolution` text,
	`note` text,
	`resolved_by` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE INDEX `conflicts_status_flow` ON `conflicts` (`status`,`flow`);--> statement-breakpoint
CREATE INDEX `conflicts_record` ON `conflicts` (`flow`,`source_id`,`field`);--> statement-breakpoint
CREATE TABLE `echo_writes` (
	`system` text NOT NULL,
	`entity` text NOT NULL,
	`record_id` text NOT NULL,
	`updated_at` text,
	`values` text NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`system`, `entity`, `record_id`)
);
--> statement-breakpoint
CREATE TABLE `flow_snapshots` (
	`flow` text NOT NULL,
	`source_id` text NOT NULL,
	`target_id` text NOT NULL,
	`values` text NOT NULL,
	`accepted` text,
	`source_fingerprint` text,
	`written_fingerprint` text,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`flow`, `source_id`)
);
