CREATE TABLE "mailbox_checkpoints" (
	"mailbox" text NOT NULL,
	"uid_validity" bigint NOT NULL,
	"last_uid" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailbox_checkpoints_mailbox_pk" PRIMARY KEY("mailbox")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team" text NOT NULL,
	"message_id" text NOT NULL,
	"thread_id" text NOT NULL,
	"in_reply_to" text,
	"subject" text DEFAULT '' NOT NULL,
	"author_address" text DEFAULT '' NOT NULL,
	"author_name" text DEFAULT '' NOT NULL,
	"author_handle" text,
	"sent_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"origin" text NOT NULL,
	"size" integer NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"detail" text,
	"notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"extraction" jsonb,
	"raw" "bytea"
);
--> statement-breakpoint
CREATE TABLE "action_item_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "action_item_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"action_item_id" bigint NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"message_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "action_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "action_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team" text NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"owners" text[] DEFAULT '{}'::text[] NOT NULL,
	"due" date,
	"status" text DEFAULT 'open' NOT NULL,
	"message_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agenda_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agenda_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team" text NOT NULL,
	"title" text NOT NULL,
	"owner" text NOT NULL,
	"minutes" integer,
	"status" text DEFAULT 'proposed' NOT NULL,
	"meeting_date" date,
	"discussed_on" date,
	"thread_id" text NOT NULL,
	"message_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team" text NOT NULL,
	"text" text NOT NULL,
	"message_id" bigint NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minutes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "minutes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team" text NOT NULL,
	"meeting_date" date,
	"participants" text[] DEFAULT '{}'::text[] NOT NULL,
	"roles" jsonb NOT NULL,
	"topics" jsonb NOT NULL,
	"markdown" text NOT NULL,
	"message_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"team" text NOT NULL,
	"handle" text NOT NULL,
	"name" text,
	"addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "people_team_handle_pk" PRIMARY KEY("team","handle")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"next_action_number" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "digests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "digests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"meeting_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"message_id" text NOT NULL,
	"useful_until" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"claimed_by" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"error_code" text,
	"sent_at" timestamp with time zone,
	"subject" text,
	"text" text,
	"html" text,
	"matrix_status" text DEFAULT 'none' NOT NULL,
	"matrix_error" text
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team" text NOT NULL,
	"series" text NOT NULL,
	"series_name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"local_date" date NOT NULL,
	"sequence" integer NOT NULL,
	"location" text,
	"minute_taker" text,
	"reporter" text
);
--> statement-breakpoint
ALTER TABLE "action_item_events" ADD CONSTRAINT "action_item_events_action_item_id_action_items_id_fk" FOREIGN KEY ("action_item_id") REFERENCES "public"."action_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_item_events" ADD CONSTRAINT "action_item_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_team_teams_slug_fk" FOREIGN KEY ("team") REFERENCES "public"."teams"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_team_teams_slug_fk" FOREIGN KEY ("team") REFERENCES "public"."teams"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_team_teams_slug_fk" FOREIGN KEY ("team") REFERENCES "public"."teams"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes" ADD CONSTRAINT "minutes_team_teams_slug_fk" FOREIGN KEY ("team") REFERENCES "public"."teams"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes" ADD CONSTRAINT "minutes_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_team_teams_slug_fk" FOREIGN KEY ("team") REFERENCES "public"."teams"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_team_teams_slug_fk" FOREIGN KEY ("team") REFERENCES "public"."teams"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_team_message_id_key" ON "messages" USING btree ("team","message_id");--> statement-breakpoint
CREATE INDEX "messages_team_thread_idx" ON "messages" USING btree ("team","thread_id");--> statement-breakpoint
CREATE INDEX "messages_outcome_idx" ON "messages" USING btree ("outcome","received_at");--> statement-breakpoint
CREATE INDEX "messages_team_sent_idx" ON "messages" USING btree ("team","sent_at");--> statement-breakpoint
CREATE INDEX "action_item_events_item_idx" ON "action_item_events" USING btree ("action_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "action_item_events_item_message_key" ON "action_item_events" USING btree ("action_item_id","message_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "action_items_team_number_key" ON "action_items" USING btree ("team","number");--> statement-breakpoint
CREATE INDEX "action_items_team_status_idx" ON "action_items" USING btree ("team","status");--> statement-breakpoint
CREATE UNIQUE INDEX "agenda_items_team_thread_title_key" ON "agenda_items" USING btree ("team","thread_id","title");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_team_message_text_key" ON "decisions" USING btree ("team","message_id","text");--> statement-breakpoint
CREATE UNIQUE INDEX "minutes_message_key" ON "minutes" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "minutes_team_date_idx" ON "minutes" USING btree ("team","meeting_date");--> statement-breakpoint
CREATE UNIQUE INDEX "digests_meeting_kind_key" ON "digests" USING btree ("meeting_id","kind");--> statement-breakpoint
CREATE INDEX "digests_status_next_idx" ON "digests" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_team_series_start_key" ON "meetings" USING btree ("team","series","starts_at");--> statement-breakpoint
CREATE INDEX "meetings_team_start_idx" ON "meetings" USING btree ("team","starts_at");