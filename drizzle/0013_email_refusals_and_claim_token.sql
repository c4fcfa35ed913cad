ALTER TYPE "public"."email_status" ADD VALUE 'rejected';--> statement-breakpoint
ALTER TYPE "public"."email_status" ADD VALUE 'bounced';--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "claim_token" uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "refused_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "email_outbox_refused_idx" ON "email_outbox" USING btree ("refused_at") WHERE "email_outbox"."refused_at" is not null;