ALTER TABLE "messages" ADD COLUMN "pending" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "reviewed_by" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "source" text DEFAULT 'config' NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "added_by" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "added_at" timestamp with time zone;