ALTER TABLE `runs` ADD `pages_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `pages_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `reading_done` integer DEFAULT false NOT NULL;