ALTER TABLE `organisations` ADD `country` text DEFAULT 'england' NOT NULL;--> statement-breakpoint
ALTER TABLE `organisations` ADD `service_desk_phone` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `service_desk_email` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `ig_lead_name` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `ig_lead_email` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `incident_system` text;--> statement-breakpoint
ALTER TABLE `completions` ADD `quiz_first` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `quiz_attempts` ADD `quiz_first` integer DEFAULT false NOT NULL;