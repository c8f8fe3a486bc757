-- Report bookkeeping kept by the database itself, so that every writer (either runtime, any process) keeps it.
-- 1. report_day_versions: a change to a field the coverage report reads bumps the version of the UTC day
--    of the appointment's start (before and after the change). The reports' demand cache re-reads a week
--    whose versions moved.
CREATE TRIGGER `appointments_report_insert` AFTER INSERT ON `appointments` BEGIN
  INSERT INTO `report_day_versions` (`day`, `version`) VALUES (NEW.`starts_at` / 86400000, 1)
    ON CONFLICT (`day`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `appointments_report_update`
AFTER UPDATE OF `language`, `area_code`, `service_id`, `sector`, `starts_at`, `duration_minutes`, `status`, `created_at`, `booked_at`, `fallback_step`, `unfilled_reason` ON `appointments` BEGIN
  INSERT INTO `report_day_versions` (`day`, `version`) VALUES (OLD.`starts_at` / 86400000, 1)
    ON CONFLICT (`day`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `report_day_versions` (`day`, `version`) VALUES (NEW.`starts_at` / 86400000, 1)
    ON CONFLICT (`day`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `appointments_report_delete` AFTER DELETE ON `appointments` BEGIN
  INSERT INTO `report_day_versions` (`day`, `version`) VALUES (OLD.`starts_at` / 86400000, 1)
    ON CONFLICT (`day`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
-- 2. appointments.settled_at mirrors the settlement (written once, never deleted), so that open sessions
--    come from the small partial index appointments_open_sessions_idx.
CREATE TRIGGER `settlements_mark_appointment` AFTER INSERT ON `settlements` BEGIN
  UPDATE `appointments` SET `settled_at` = NEW.`settled_at` WHERE `id` = NEW.`appointment_id`;
END;
--> statement-breakpoint
UPDATE `appointments` SET `settled_at` = (SELECT s.`settled_at` FROM `settlements` s WHERE s.`appointment_id` = `appointments`.`id`)
  WHERE `id` IN (SELECT `appointment_id` FROM `settlements`);
