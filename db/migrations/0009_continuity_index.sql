DROP INDEX `appointments_beneficiary_idx`;--> statement-breakpoint
CREATE INDEX `appointments_beneficiary_idx` ON `appointments` (`service_id`,`beneficiary_ref`,`status`,`mediator_id`,`id`);