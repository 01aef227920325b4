-- match_index_keys as a WITHOUT ROWID table: its primary key is the table itself, so a key row is
-- written to two b-trees (table, target index) instead of three (rowid table, primary key index,
-- target index). Key inserts of created records are the largest write of an initial load.
-- drizzle's schema cannot say WITHOUT ROWID: the table's columns and indexes are unchanged.
CREATE TABLE `match_index_keys_new` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`target_id` text NOT NULL,
	PRIMARY KEY(`scope`, `key`, `target_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `match_index_keys_new` (`scope`, `key`, `target_id`) SELECT `scope`, `key`, `target_id` FROM `match_index_keys`;
--> statement-breakpoint
DROP TABLE `match_index_keys`;
--> statement-breakpoint
ALTER TABLE `match_index_keys_new` RENAME TO `match_index_keys`;
--> statement-breakpoint
CREATE INDEX `match_index_keys_target` ON `match_index_keys` (`scope`,`target_id`);
