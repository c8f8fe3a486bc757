-- mediator_schedule_versions kept by the database itself, so that every writer (either runtime, any process)
-- keeps it: a change to a mediator's bookings or time off bumps that mediator's version (both mediators'
-- when an appointment moves from one to the other). Matching's schedule cache re-reads a mediator whose
-- version moved. A mediator without a row has version 0. The row '*' counts every bump of a mediator's
-- version (the last two triggers): while it has not moved, nothing has, and the cache need not read any
-- mediator's version. It is created here; without it the cache reads the versions on every call.
INSERT OR IGNORE INTO `mediator_schedule_versions` (`mediator_id`, `version`) VALUES ('*', 0);
--> statement-breakpoint
CREATE TRIGGER `appointments_schedule_insert` AFTER INSERT ON `appointments` WHEN NEW.`mediator_id` IS NOT NULL BEGIN
  INSERT INTO `mediator_schedule_versions` (`mediator_id`, `version`) VALUES (NEW.`mediator_id`, 1)
    ON CONFLICT (`mediator_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `appointments_schedule_update`
AFTER UPDATE OF `mediator_id`, `status`, `starts_at`, `ends_at`, `duration_minutes`, `area_code`, `modality`, `service_id` ON `appointments`
WHEN OLD.`mediator_id` IS NOT NULL OR NEW.`mediator_id` IS NOT NULL BEGIN
  INSERT INTO `mediator_schedule_versions` (`mediator_id`, `version`) SELECT OLD.`mediator_id`, 1 WHERE OLD.`mediator_id` IS NOT NULL
    ON CONFLICT (`mediator_id`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `mediator_schedule_versions` (`mediator_id`, `version`) SELECT NEW.`mediator_id`, 1
    WHERE NEW.`mediator_id` IS NOT NULL AND NEW.`mediator_id` IS NOT OLD.`mediator_id`
    ON CONFLICT (`mediator_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `appointments_schedule_delete` AFTER DELETE ON `appointments` WHEN OLD.`mediator_id` IS NOT NULL BEGIN
  INSERT INTO `mediator_schedule_versions` (`mediator_id`, `version`) VALUES (OLD.`mediator_id`, 1)
    ON CONFLICT (`mediator_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `time_off_schedule_insert` AFTER INSERT ON `time_off` BEGIN
  INSERT INTO `mediator_schedule_versions` (`mediator_id`, `version`) VALUES (NEW.`mediator_id`, 1)
    ON CONFLICT (`mediator_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `time_off_schedule_update` AFTER UPDATE ON `time_off` BEGIN
  INSERT INTO `mediator_schedule_versions` (`mediator_id`, `version`) VALUES (OLD.`mediator_id`, 1)
    ON CONFLICT (`mediator_id`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `mediator_schedule_versions` (`mediator_id`, `version`) SELECT NEW.`mediator_id`, 1 WHERE NEW.`mediator_id` IS NOT OLD.`mediator_id`
    ON CONFLICT (`mediator_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `time_off_schedule_delete` AFTER DELETE ON `time_off` BEGIN
  INSERT INTO `mediator_schedule_versions` (`mediator_id`, `version`) VALUES (OLD.`mediator_id`, 1)
    ON CONFLICT (`mediator_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `schedule_versions_count_insert` AFTER INSERT ON `mediator_schedule_versions` WHEN NEW.`mediator_id` <> '*' BEGIN
  UPDATE `mediator_schedule_versions` SET `version` = `version` + 1 WHERE `mediator_id` = '*';
END;
--> statement-breakpoint
CREATE TRIGGER `schedule_versions_count_update` AFTER UPDATE ON `mediator_schedule_versions` WHEN NEW.`mediator_id` <> '*' BEGIN
  UPDATE `mediator_schedule_versions` SET `version` = `version` + 1 WHERE `mediator_id` = '*';
END;
