CREATE TABLE "dlq_attempts" (
	"job_id" text NOT NULL,
	"source_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"at" bigint NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL,
	"status" integer,
	CONSTRAINT "dlq_attempts_job_id_source_id_attempt_pk" PRIMARY KEY("job_id","source_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "dlq_items" (
	"id" text PRIMARY KEY NOT NULL,
	"flow" text NOT NULL,
	"source_id" text NOT NULL,
	"source_record" text NOT NULL,
	"mapping_version" text,
	"run_id" text,
	"error_code" text NOT NULL,
	"error_message" text NOT NULL,
	"http_status" integer,
	"response_excerpt" text,
	"attempts" text NOT NULL,
	"status" text NOT NULL,
	"resolution" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"resolved_at" bigint
);
--> statement-breakpoint
CREATE TABLE "mapping_versions" (
	"flow" text NOT NULL,
	"version" text NOT NULL,
	"content" text NOT NULL,
	"file" text NOT NULL,
	"first_seen_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	CONSTRAINT "mapping_versions_flow_version_pk" PRIMARY KEY("flow","version")
);
--> statement-breakpoint
CREATE TABLE "match_index" (
	"scope" text NOT NULL,
	"target_id" text NOT NULL,
	"fields" jsonb NOT NULL,
	"pending_source_id" text,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	CONSTRAINT "match_index_scope_target_id_pk" PRIMARY KEY("scope","target_id")
);
--> statement-breakpoint
CREATE TABLE "match_index_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"target_id" text NOT NULL,
	CONSTRAINT "match_index_keys_scope_key_target_id_pk" PRIMARY KEY("scope","key","target_id")
);
--> statement-breakpoint
CREATE TABLE "review_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"flow" text NOT NULL,
	"kind" text NOT NULL,
	"source_side" text NOT NULL,
	"source_id" text NOT NULL,
	"candidate_id" text,
	"candidate_source_id" text,
	"reason" text NOT NULL,
	"score" double precision NOT NULL,
	"explanation" jsonb NOT NULL,
	"source_fields" jsonb,
	"status" text NOT NULL,
	"decided_by" text,
	"note" text,
	"applied_at" bigint,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"decided_at" bigint
);
--> statement-breakpoint
CREATE TABLE "cursors" (
	"flow" text PRIMARY KEY NOT NULL,
	"cursor" text,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "record_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" text,
	"flow" text NOT NULL,
	"source_id" text NOT NULL,
	"target_id" text,
	"action" text NOT NULL,
	"before" json,
	"after" json,
	"mapping_version" text,
	"error_code" text,
	"error_message" text,
	"at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"flow" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"started_at" bigint NOT NULL,
	"finished_at" bigint,
	"read" bigint DEFAULT 0 NOT NULL,
	"created" bigint DEFAULT 0 NOT NULL,
	"updated" bigint DEFAULT 0 NOT NULL,
	"unchanged" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	"skipped" bigint DEFAULT 0 NOT NULL,
	"pages_total" bigint DEFAULT 0 NOT NULL,
	"pages_done" bigint DEFAULT 0 NOT NULL,
	"reading_done" boolean DEFAULT false NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "xrefs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "xrefs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"crm_id" text NOT NULL,
	"erp_id" text NOT NULL,
	"written_fingerprint" text,
	"source_fingerprint" text,
	"mapping_version" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dlq_flow_source" ON "dlq_items" USING btree ("flow","source_id");--> statement-breakpoint
CREATE INDEX "dlq_status_code" ON "dlq_items" USING btree ("status","error_code","updated_at");--> statement-breakpoint
CREATE INDEX "match_index_pending" ON "match_index" USING btree ("scope","updated_at") WHERE "match_index"."pending_source_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "match_index_keys_target" ON "match_index_keys" USING btree ("scope","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_flow_source" ON "review_items" USING btree ("flow","source_id");--> statement-breakpoint
CREATE INDEX "review_status" ON "review_items" USING btree ("status","flow");--> statement-breakpoint
CREATE INDEX "history_flow_source" ON "record_history" USING btree ("flow","source_id");--> statement-breakpoint
CREATE INDEX "history_run" ON "record_history" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "runs_flow_started" ON "runs" USING btree ("flow","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "xrefs_kind_crm" ON "xrefs" USING btree ("kind","crm_id");--> statement-breakpoint
CREATE UNIQUE INDEX "xrefs_kind_erp" ON "xrefs" USING btree ("kind","erp_id");