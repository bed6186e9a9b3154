CREATE TABLE `organisation_email_domains` (
	`domain` text PRIMARY KEY NOT NULL,
	`organisation_id` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organisation_email_domains_org_idx` ON `organisation_email_domains` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `organisation_sso` (
	`organisation_id` integer PRIMARY KEY NOT NULL,
	`issuer` text,
	`client_id` text,
	`client_secret_encrypted` text,
	`email_claim` text DEFAULT 'email' NOT NULL,
	`sso_only` integer DEFAULT false NOT NULL,
	`create_accounts` integer DEFAULT false NOT NULL,
	`managers_may_edit` integer DEFAULT false NOT NULL,
	`end_session_endpoint` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sso_attempts` (
	`state` text PRIMARY KEY NOT NULL,
	`organisation_id` integer NOT NULL,
	`code_verifier` text NOT NULL,
	`nonce` text NOT NULL,
	`redirect_to` text,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sso_new_accounts` (
	`user_id` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `organisation_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
