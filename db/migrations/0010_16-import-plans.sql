-- Pending uploads held the file's text and were parsed again on every look: they now hold the
-- checked rows and the plan. A pending upload lasts a day at most, so the table starts empty.
DROP TABLE `staff_import_uploads`;--> statement-breakpoint
CREATE TABLE `staff_import_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` integer NOT NULL,
	`uploaded_by_user_id` text NOT NULL,
	`file_name` text NOT NULL,
	`parsed` blob NOT NULL,
	`summary` text NOT NULL,
	`full_list` integer NOT NULL,
	`send_invitations` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`applied_at` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_import_uploads_expires_idx` ON `staff_import_uploads` (`expires_at`);--> statement-breakpoint
CREATE INDEX `staff_import_uploads_org_idx` ON `staff_import_uploads` (`organisation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `staff_import_plan_rows` (
	`upload_id` text NOT NULL,
	`section` text NOT NULL,
	`position` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`upload_id`, `section`, `position`),
	FOREIGN KEY (`upload_id`) REFERENCES `staff_import_uploads`(`id`) ON UPDATE no action ON DELETE cascade
);
