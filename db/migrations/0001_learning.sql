CREATE TABLE `attempt_answers` (
	`attempt_id` text NOT NULL,
	`question_id` text NOT NULL,
	`outcome_id` text NOT NULL,
	`correct` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `question_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`module_slug` text NOT NULL,
	`module_version` text NOT NULL,
	`major_version` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`score_percent` integer NOT NULL,
	`attempt_id` text,
	`verification_code` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `completions_verification_code_unique` ON `completions` (`verification_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `completions_attempt_unique` ON `completions` (`attempt_id`);--> statement-breakpoint
CREATE INDEX `completions_user_module_idx` ON `completions` (`user_id`,`module_slug`,`completed_at`);--> statement-breakpoint
CREATE TABLE `module_progress` (
	`user_id` text NOT NULL,
	`module_slug` text NOT NULL,
	`pages_seen` text NOT NULL,
	`last_page` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `module_slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`module_slug` text NOT NULL,
	`module_version` text NOT NULL,
	`language` text NOT NULL,
	`questions` text NOT NULL,
	`started_at` integer NOT NULL,
	`submitted_at` integer,
	`answers` text,
	`correct_count` integer,
	`question_count` integer NOT NULL,
	`score_percent` integer,
	`passed` integer,
	`is_first_attempt` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quiz_attempts_user_module_idx` ON `quiz_attempts` (`user_id`,`module_slug`,`started_at`);--> statement-breakpoint
CREATE TABLE `requirements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer,
	`staff_group` text,
	`module_slug` text NOT NULL,
	`required` integer DEFAULT true NOT NULL,
	`renewal_days` integer DEFAULT 365 NOT NULL,
	`grace_days` integer DEFAULT 30 NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `requirements_lookup_idx` ON `requirements` (`module_slug`,`organisation_id`,`staff_group`);