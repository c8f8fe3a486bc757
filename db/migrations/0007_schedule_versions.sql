CREATE TABLE `mediator_schedule_versions` (
	`mediator_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
