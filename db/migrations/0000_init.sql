CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`created_by` text NOT NULL,
	`language` text NOT NULL,
	`area_code` text NOT NULL,
	`modality` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`sector` text NOT NULL,
	`gender_preference` text DEFAULT 'none' NOT NULL,
	`gender` text,
	`beneficiary_ref` text,
	`location` text,
	`notes` text,
	`urgency` text DEFAULT 'standard' NOT NULL,
	`min_level` text DEFAULT 'B2' NOT NULL,
	`assignment` text NOT NULL,
	`status` text NOT NULL,
	`mediator_id` text,
	`fallback_step` text,
	`unfilled_reason` text,
	`booked_at` integer,
	`cancelled_at` integer,
	`cancel_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_code`) REFERENCES `areas`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mediator_id`) REFERENCES `mediators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointments_mediator_idx` ON `appointments` (`mediator_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_service_idx` ON `appointments` (`service_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_status_idx` ON `appointments` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_start_idx` ON `appointments` (`starts_at`,`id`);--> statement-breakpoint
CREATE INDEX `appointments_beneficiary_idx` ON `appointments` (`service_id`,`beneficiary_ref`);--> statement-breakpoint
CREATE TABLE `area_travel` (
	`from_code` text NOT NULL,
	`to_code` text NOT NULL,
	`minutes` integer NOT NULL,
	PRIMARY KEY(`from_code`, `to_code`),
	FOREIGN KEY (`from_code`) REFERENCES `areas`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_code`) REFERENCES `areas`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `areas` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text DEFAULT 'Europe/Rome' NOT NULL,
	`created_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `exclusions` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`mediator_id` text NOT NULL,
	`beneficiary_ref` text,
	`reason` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mediator_id`) REFERENCES `mediators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `exclusions_service_idx` ON `exclusions` (`service_id`,`mediator_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`caller_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`appointment_id` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`caller_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `mediator_languages` (
	`mediator_id` text NOT NULL,
	`code` text NOT NULL,
	`base` text NOT NULL,
	`level` text NOT NULL,
	PRIMARY KEY(`mediator_id`, `code`),
	FOREIGN KEY (`mediator_id`) REFERENCES `mediators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mediator_languages_base_idx` ON `mediator_languages` (`base`,`mediator_id`);--> statement-breakpoint
CREATE TABLE `mediators` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`gender` text,
	`home_area` text NOT NULL,
	`languages` text NOT NULL,
	`areas` text NOT NULL,
	`modalities` text NOT NULL,
	`sectors` text NOT NULL,
	`availability` text DEFAULT '[]' NOT NULL,
	`max_weekly_minutes` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`locale` text DEFAULT 'it' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`home_area`) REFERENCES `areas`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`area_code` text NOT NULL,
	`address` text NOT NULL,
	`contact_email` text NOT NULL,
	`phone` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`area_code`) REFERENCES `areas`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `services_area_idx` ON `services` (`area_code`);--> statement-breakpoint
CREATE TABLE `time_off` (
	`id` text PRIMARY KEY NOT NULL,
	`mediator_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`mediator_id`) REFERENCES `mediators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `time_off_mediator_idx` ON `time_off` (`mediator_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`service_id` text,
	`mediator_id` text,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mediator_id`) REFERENCES `mediators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_token_hash_idx` ON `users` (`token_hash`);