CREATE TABLE `report_day_versions` (
	`day` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `settlements_start_idx`;--> statement-breakpoint
DROP INDEX `settlements_mediator_idx`;--> statement-breakpoint
DROP INDEX `settlements_service_idx`;--> statement-breakpoint
CREATE INDEX `settlements_period_idx` ON `settlements` (`starts_at`,`mediator_id`,`service_id`,`outcome`,`actual_minutes`,`billable_minutes`);--> statement-breakpoint
CREATE INDEX `settlements_mediator_idx` ON `settlements` (`mediator_id`,`starts_at`,`service_id`,`outcome`,`actual_minutes`,`billable_minutes`);--> statement-breakpoint
CREATE INDEX `settlements_service_idx` ON `settlements` (`service_id`,`starts_at`,`mediator_id`,`outcome`,`actual_minutes`,`billable_minutes`);--> statement-breakpoint
ALTER TABLE `appointments` ADD `settled_at` integer;--> statement-breakpoint
CREATE INDEX `appointments_booked_idx` ON `appointments` (`mediator_id`,`starts_at`,`ends_at`,`duration_minutes`,`service_id`,`area_code`,`modality`,`id`) WHERE status = 'booked';--> statement-breakpoint
CREATE INDEX `appointments_open_sessions_idx` ON `appointments` (`starts_at`,`id`,`ends_at`,`mediator_id`,`service_id`,`duration_minutes`) WHERE status = 'booked' AND settled_at IS NULL;