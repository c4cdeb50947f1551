CREATE TABLE "confirmation_quota" (
	"team" text NOT NULL,
	"recipient" text NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"message_id" bigint NOT NULL,
	CONSTRAINT "confirmation_quota_team_recipient_kind_day_pk" PRIMARY KEY("team","recipient","kind","day")
);
--> statement-breakpoint
CREATE TABLE "confirmations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "confirmations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team" text NOT NULL,
	"message_id" bigint NOT NULL,
	"recipient" text NOT NULL,
	"recipient_name" text DEFAULT '' NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"in_reply_to" text,
	"status" text NOT NULL,
	"useful_until" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"claimed_by" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matrix_posts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matrix_posts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"digest_id" bigint NOT NULL,
	"team" text NOT NULL,
	"room" text NOT NULL,
	"txn_id" text NOT NULL,
	"status" text NOT NULL,
	"useful_until" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"claimed_by" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"last_error" text,
	"event_id" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "confirmation_quota" ADD CONSTRAINT "confirmation_quota_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confirmations" ADD CONSTRAINT "confirmations_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matrix_posts" ADD CONSTRAINT "matrix_posts_digest_id_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."digests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "confirmations_message_key" ON "confirmations" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "confirmations_status_next_idx" ON "confirmations" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "matrix_posts_digest_key" ON "matrix_posts" USING btree ("digest_id");--> statement-breakpoint
CREATE INDEX "matrix_posts_status_next_idx" ON "matrix_posts" USING btree ("status","next_attempt_at");--> statement-breakpoint
ALTER TABLE "digests" DROP COLUMN "matrix_status";--> statement-breakpoint
ALTER TABLE "digests" DROP COLUMN "matrix_error";