CREATE TABLE `calendar_feeds` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_type` text NOT NULL,
	`owner_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token_idx` ON `calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE INDEX `calendar_feeds_owner_idx` ON `calendar_feeds` (`owner_type`,`owner_id`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`appointment_id` text NOT NULL,
	`mediator_id` text NOT NULL,
	`round` integer NOT NULL,
	`rank` integer NOT NULL,
	`status` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`responded_at` integer,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mediator_id`) REFERENCES `mediators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_appointment_mediator_idx` ON `offers` (`appointment_id`,`mediator_id`);--> statement-breakpoint
CREATE INDEX `offers_mediator_idx` ON `offers` (`mediator_id`,`status`);--> statement-breakpoint
CREATE INDEX `offers_due_idx` ON `offers` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`kind` text NOT NULL,
	`appointment_id` text,
	`locale` text NOT NULL,
	`to_addresses` text NOT NULL,
	`cc_addresses` text DEFAULT '[]' NOT NULL,
	`payload` text NOT NULL,
	`sequence` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message_id_idx` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_appointment_idx` ON `outbox` (`appointment_id`);--> statement-breakpoint
CREATE TABLE `outbox_attempts` (
	`outbox_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`transport` text NOT NULL,
	`error` text,
	PRIMARY KEY(`outbox_id`, `attempt`),
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `appointments` ADD `change_id` text;--> statement-breakpoint
ALTER TABLE `appointments` ADD `reminder_queued_at` integer;--> statement-breakpoint
ALTER TABLE `appointments` ADD `offer_round` integer DEFAULT 0 NOT NULL;