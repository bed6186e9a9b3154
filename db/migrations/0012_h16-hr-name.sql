ALTER TABLE `memberships` ADD `hr_given_name` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `hr_family_name` text;