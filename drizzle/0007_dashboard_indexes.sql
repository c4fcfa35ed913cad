CREATE INDEX "one_time_tokens_purpose_created_idx" ON "one_time_tokens" USING btree ("purpose","created_at");--> statement-breakpoint
CREATE INDEX "one_time_tokens_purpose_used_idx" ON "one_time_tokens" USING btree ("purpose","used_at");--> statement-breakpoint
CREATE INDEX "one_time_tokens_purpose_expires_idx" ON "one_time_tokens" USING btree ("purpose","expires_at");