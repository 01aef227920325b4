CREATE TABLE `job_counters` (
	`queue` text PRIMARY KEY NOT NULL,
	`completed` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_jobs` (
	`id` text NOT NULL,
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
	`finished_at` integer,
	PRIMARY KEY(`queue`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_jobs`("id", "queue", "name", "payload", "state", "priority", "attempts", "max_attempts", "backoff", "run_at", "lease_until", "lease_token", "last_error", "result", "created_at", "finished_at") SELECT "id", "queue", "name", "payload", "state", "priority", "attempts", "max_attempts", "backoff", "run_at", "lease_until", "lease_token", "last_error", "result", "created_at", "finished_at" FROM `jobs`;--> statement-breakpoint
DROP TABLE `jobs`;--> statement-breakpoint
ALTER TABLE `__new_jobs` RENAME TO `jobs`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `jobs_claim` ON `jobs` (`queue`,`state`,`priority`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_lease` ON `jobs` (`queue`,`state`,`lease_until`);