ALTER TYPE "public"."token_purpose" ADD VALUE 'confirm_email';--> statement-breakpoint
ALTER TYPE "public"."token_purpose" ADD VALUE 'cancel_email_change';