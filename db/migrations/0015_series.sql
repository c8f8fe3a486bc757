CREATE TABLE `series` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`created_by` text NOT NULL,
	`template` text NOT NULL,
	`recurrence` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `appointments` ADD `series_id` text REFERENCES series(id);--> statement-breakpoint
CREATE INDEX `appointments_series_idx` ON `appointments` (`series_id`,`starts_at`) WHERE series_id IS NOT NULL;