CREATE TABLE `course_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`module_slug` text NOT NULL,
	`esr_competence` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_mappings_name_module_unique` ON `course_mappings` (`name_key`,`module_slug`);--> statement-breakpoint
CREATE TABLE `completion_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` integer,
	`uploaded_by_user_id` text NOT NULL,
	`file_name` text NOT NULL,
	`source` text NOT NULL,
	`plan` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`applied_at` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `completion_imports_expires_idx` ON `completion_imports` (`expires_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`module_slug` text NOT NULL,
	`module_version` text NOT NULL,
	`major_version` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`score_percent` integer,
	`attempt_id` text,
	`verification_code` text,
	`quiz_first` integer DEFAULT false NOT NULL,
	`source` text,
	`source_course` text,
	`source_course_key` text,
	`expires_on` text,
	`imported_by_user_id` text,
	`imported_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`imported_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_completions`("id", "user_id", "module_slug", "module_version", "major_version", "completed_at", "score_percent", "attempt_id", "verification_code", "quiz_first") SELECT "id", "user_id", "module_slug", "module_version", "major_version", "completed_at", "score_percent", "attempt_id", "verification_code", "quiz_first" FROM `completions`;--> statement-breakpoint
DROP TABLE `completions`;--> statement-breakpoint
ALTER TABLE `__new_completions` RENAME TO `completions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `completions_verification_code_unique` ON `completions` (`verification_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `completions_attempt_unique` ON `completions` (`attempt_id`);--> statement-breakpoint
CREATE INDEX `completions_user_module_idx` ON `completions` (`user_id`,`module_slug`,`completed_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `completions_prior_unique` ON `completions` (`user_id`,`module_slug`,`source_course_key`,`completed_at`);