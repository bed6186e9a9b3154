ALTER TABLE `memberships` ADD `hr_given_name` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `hr_family_name` text;--> statement-breakpoint
CREATE INDEX `audit_events_subject_action_idx` ON `audit_events` (`subject_user_id`,`action`);