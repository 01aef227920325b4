CREATE TABLE `mapping_versions` (
	`flow` text NOT NULL,
	`version` text NOT NULL,
	`content` text NOT NULL,
	`file` text NOT NULL,
	`first_seen_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`flow`, `version`)
);
