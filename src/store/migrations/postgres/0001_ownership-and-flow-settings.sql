CREATE TABLE "flow_settings" (
	"flow" text PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "conflicts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"flow" text NOT NULL,
	"source_id" text NOT NULL,
	"target_id" text NOT NULL,
	"field" text NOT NULL,
	"base" jsonb,
	"copy" jsonb,
	"master" jsonb,
	"status" text NOT NULL,
	"resolution" text,
	"note" text,
	"resolved_by" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"resolved_at" bigint
);
--> statement-breakpoint
CREATE TABLE "echo_writes" (
	"system" text NOT NULL,
	"entity" text NOT NULL,
	"record_id" text NOT NULL,
	"updated_at" text,
	"values" jsonb NOT NULL,
	"at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	CONSTRAINT "echo_writes_system_entity_record_id_pk" PRIMARY KEY("system","entity","record_id")
);
--> statement-breakpoint
CREATE TABLE "flow_snapshots" (
	"flow" text NOT NULL,
	"source_id" text NOT NULL,
	"target_id" text NOT NULL,
	"values" jsonb NOT NULL,
	"accepted" jsonb,
	"source_fingerprint" text,
	"written_fingerprint" text,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	CONSTRAINT "flow_snapshots_flow_source_id_pk" PRIMARY KEY("flow","source_id")
);
--> statement-breakpoint
CREATE INDEX "conflicts_status_flow" ON "conflicts" USING btree ("status","flow");--> statement-breakpoint
CREATE INDEX "conflicts_record" ON "conflicts" USING btree ("flow","source_id","field");