-- Matching reads schedules straight from appointments and time_off: the version triggers and their table go.
DROP TRIGGER IF EXISTS `appointments_schedule_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `appointments_schedule_update`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `appointments_schedule_delete`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `time_off_schedule_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `time_off_schedule_update`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `time_off_schedule_delete`;--> statement-breakpoint
DROP TABLE `mediator_schedule_versions`;--> statement-breakpoint
-- The roster and travel caches' version counters.
DELETE FROM `settings` WHERE `key` IN ('roster_version', 'areas_version');
