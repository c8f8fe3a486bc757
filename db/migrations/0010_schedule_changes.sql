-- Which mediators' schedules changed since the count of all changes (row '*') a cache last saw:
-- `changed_at` is that count just after the row's last bump, so one indexed range gives them, instead
-- of reading the version of every mediator a search asks for whenever anything changed anywhere.
ALTER TABLE `mediator_schedule_versions` ADD `changed_at` integer;--> statement-breakpoint
CREATE INDEX `mediator_schedule_versions_changed_idx` ON `mediator_schedule_versions` (`changed_at`);--> statement-breakpoint
DROP TRIGGER IF EXISTS `schedule_versions_count_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `schedule_versions_count_update`;--> statement-breakpoint
-- Rows already there keep changed_at NULL: a cache starting after this migration holds nothing yet.
-- The second UPDATE sets changed_at only, so it does not fire the `UPDATE OF version` trigger again
-- (that would matter with PRAGMA recursive_triggers on; it is off by default, on SQLite and D1).
CREATE TRIGGER `schedule_versions_count_insert` AFTER INSERT ON `mediator_schedule_versions` WHEN NEW.`mediator_id` <> '*' BEGIN
  UPDATE `mediator_schedule_versions` SET `version` = `version` + 1 WHERE `mediator_id` = '*';
  UPDATE `mediator_schedule_versions` SET `changed_at` = (SELECT `version` FROM `mediator_schedule_versions` WHERE `mediator_id` = '*')
    WHERE `mediator_id` = NEW.`mediator_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `schedule_versions_count_update` AFTER UPDATE OF `version` ON `mediator_schedule_versions` WHEN NEW.`mediator_id` <> '*' BEGIN
  UPDATE `mediator_schedule_versions` SET `version` = `version` + 1 WHERE `mediator_id` = '*';
  UPDATE `mediator_schedule_versions` SET `changed_at` = (SELECT `version` FROM `mediator_schedule_versions` WHERE `mediator_id` = '*')
    WHERE `mediator_id` = NEW.`mediator_id`;
END;
