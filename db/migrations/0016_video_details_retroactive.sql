ALTER TABLE `appointments` ADD `video_url` text;--> statement-breakpoint
ALTER TABLE `appointments` ADD `dial_in` text;--> statement-breakpoint
ALTER TABLE `appointments` ADD `retroactive` integer DEFAULT false NOT NULL;