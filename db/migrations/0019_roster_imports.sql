CREATE TABLE `import_rows` (
	`import_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`email` text,
	`name` text,
	`cells` text NOT NULL,
	`action` text NOT NULL,
	`problems` text NOT NULL,
	`warnings` text NOT NULL,
	`changes` text NOT NULL,
	`outcome` text,
	`mediator_id` text,
	`released` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`import_id`, `row_number`),
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`file_name` text,
	`format` text NOT NULL,
	`columns` text NOT NULL,
	`total_rows` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`committed_at` integer,
	`finished_at` integer,
	`lease_owner` text,
	`lease_until` integer
);
