DROP INDEX `xrefs_kind_crm`;--> statement-breakpoint
DROP INDEX `xrefs_kind_erp`;--> statement-breakpoint
ALTER TABLE `xrefs` ADD `shared` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `xrefs_kind_crm` ON `xrefs` (`kind`,`crm_id`) WHERE shared <> 'crm';--> statement-breakpoint
CREATE UNIQUE INDEX `xrefs_kind_erp` ON `xrefs` (`kind`,`erp_id`) WHERE shared <> 'erp';