CREATE TABLE `membership_units` (
	`membership_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`membership_id`, `unit_id`),
	FOREIGN KEY (`membership_id`) REFERENCES `memberships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade
);
