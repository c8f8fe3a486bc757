-- The coverage report reads the requests of its period on every call: the per-day versions that kept
-- its demand cache valid (0005, 0006) go, with the triggers that bumped them. The triggers go first: left
-- behind, they would fail every write to appointments. settlements_mark_appointment (0006) stays: it
-- keeps appointments.settled_at, which the open-sessions index (appointments_open_sessions_idx) needs.
DROP TRIGGER IF EXISTS `appointments_report_insert`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `appointments_report_update`;--> statement-breakpoint
DROP TRIGGER IF EXISTS `appointments_report_delete`;--> statement-breakpoint
DROP TABLE `report_day_versions`;
