DROP INDEX "xrefs_kind_crm";--> statement-breakpoint
DROP INDEX "xrefs_kind_erp";--> statement-breakpoint
ALTER TABLE "xrefs" ADD COLUMN "crm_slot" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "xrefs" ADD COLUMN "erp_slot" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "xrefs_kind_crm" ON "xrefs" USING btree ("kind","crm_id","crm_slot");--> statement-breakpoint
CREATE UNIQUE INDEX "xrefs_kind_erp" ON "xrefs" USING btree ("kind","erp_id","erp_slot");