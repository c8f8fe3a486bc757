CREATE TABLE `attendance` (
	`appointment_id` text NOT NULL,
	`party` text NOT NULL,
	`recorded_by` text NOT NULL,
	`outcome` text NOT NULL,
	`check_in` integer,
	`check_out` integer,
	`rating` integer,
	`comment` text,
	`recorded_at` integer NOT NULL,
	PRIMARY KEY(`appointment_id`, `party`),
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `service_budgets` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`period_start` integer NOT NULL,
	`period_end` integer NOT NULL,
	`minutes` integer NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `service_budgets_service_idx` ON `service_budgets` (`service_id`,`period_start`);--> statement-breakpoint
CREATE TABLE `settlements` (
	`appointment_id` text PRIMARY KEY NOT NULL,
	`mediator_id` text NOT NULL,
	`service_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`check_in` integer,
	`check_out` integer,
	`actual_minutes` integer NOT NULL,
	`billable_minutes` integer NOT NULL,
	`source` text NOT NULL,
	`policy` text NOT NULL,
	`decided_by` text,
	`note` text,
	`settled_at` integer NOT NULL,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `settlements_mediator_idx` ON `settlements` (`mediator_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `settlements_service_idx` ON `settlements` (`service_id`,`starts_at`);