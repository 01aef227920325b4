DROP INDEX `xrefs_kind_crm`;--> statement-breakpoint
DROP INDEX `xrefs_kind_erp`;--> statement-breakpoint
ALTER TABLE `xrefs` ADD `crm_slot` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `xrefs` ADD `erp_slot` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `xrefs_kind_crm` ON `xrefs` (`kind`,`crm_id`,`crm_slot`);--> statement-breakpoint
CREATE UNIQUE INDEX `xrefs_kind_erp` ON `xrefs` (`kind`,`erp_id`,`erp_slot`);