CREATE TABLE `compliance_counts` (
	`organisation_id` integer NOT NULL,
	`module_id` integer NOT NULL,
	`kind` text NOT NULL,
	`day` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`organisation_id`, `module_id`, `kind`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `compliance_dirty_organisations` (
	`organisation_id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `compliance_dirty_users` (
	`user_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `compliance_modules` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`major_version` integer NOT NULL,
	`version_day` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compliance_modules_slug_unique` ON `compliance_modules` (`slug`);--> statement-breakpoint
CREATE TABLE `compliance_rows` (
	`organisation_id` integer NOT NULL,
	`module_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`staff_group` text NOT NULL,
	`user_id` text NOT NULL,
	`counted` integer NOT NULL,
	`never` integer NOT NULL,
	`soon_day` integer,
	`valid_day` integer NOT NULL,
	`overdue_day` integer,
	`last_day` integer,
	`start_day` integer NOT NULL,
	`end_day` integer,
	`renewal_days` integer NOT NULL,
	`grace_days` integer NOT NULL,
	`history` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`organisation_id`, `module_id`, `unit_id`, `staff_group`, `user_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `compliance_rows_user_idx` ON `compliance_rows` (`user_id`);--> statement-breakpoint
CREATE INDEX `compliance_rows_starting_idx` ON `compliance_rows` (`start_day`) WHERE counted = 0;--> statement-breakpoint
CREATE INDEX `compliance_rows_ending_idx` ON `compliance_rows` (`end_day`) WHERE end_day IS NOT NULL;--> statement-breakpoint
CREATE TABLE `compliance_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`as_of_day` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `compliance_totals` (
	`organisation_id` integer NOT NULL,
	`module_id` integer NOT NULL,
	`kind` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`organisation_id`, `module_id`, `kind`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `compliance_outcome_counts` (
	`organisation_id` integer NOT NULL,
	`staff_group` text NOT NULL,
	`module_slug` text NOT NULL,
	`outcome_id` text NOT NULL,
	`month` text NOT NULL,
	`answers` integer NOT NULL,
	`correct` integer NOT NULL,
	PRIMARY KEY(`organisation_id`, `module_slug`, `outcome_id`, `staff_group`, `month`)
) WITHOUT ROWID;
