CREATE TABLE `compliance_outcome_unit_counts` (
	`organisation_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`staff_group` text NOT NULL,
	`module_slug` text NOT NULL,
	`outcome_id` text NOT NULL,
	`month` text NOT NULL,
	`answers` integer NOT NULL,
	`correct` integer NOT NULL,
	`people` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`organisation_id`, `unit_id`, `module_slug`, `outcome_id`, `staff_group`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
-- The first-attempt triggers count each attempt per unit too, at the unit the person is in when it is
-- graded (as for their staff group); people with no unit are counted for the organisation only. Each
-- trigger's first statement is its definition before this migration, unchanged.
DROP TRIGGER `compliance_first_attempt_graded`;--> statement-breakpoint
CREATE TRIGGER `compliance_first_attempt_graded` AFTER UPDATE OF `is_first_attempt` ON `quiz_attempts`
WHEN NEW.`is_first_attempt` = 1 AND OLD.`is_first_attempt` IS NOT 1 AND NEW.`submitted_at` IS NOT NULL BEGIN
  INSERT INTO `compliance_outcome_counts` (`organisation_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`)
  SELECT m.`organisation_id`, m.`staff_group`, NEW.`module_slug`, '', strftime('%Y-%m', NEW.`submitted_at` / 1000, 'unixepoch'), 1, 0
  FROM `memberships` m
  WHERE m.`user_id` = NEW.`user_id` AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1;
  INSERT INTO `compliance_outcome_unit_counts` (`organisation_id`, `unit_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`, `people`)
  SELECT m.`organisation_id`, m.`unit_id`, m.`staff_group`, NEW.`module_slug`, '', strftime('%Y-%m', NEW.`submitted_at` / 1000, 'unixepoch'), 1, 0, 1
  FROM `memberships` m
  WHERE m.`user_id` = NEW.`user_id` AND m.`unit_id` IS NOT NULL AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1, `people` = `people` + 1;
END;
--> statement-breakpoint
DROP TRIGGER `compliance_first_attempt_inserted`;--> statement-breakpoint
CREATE TRIGGER `compliance_first_attempt_inserted` AFTER INSERT ON `quiz_attempts`
WHEN NEW.`is_first_attempt` = 1 AND NEW.`submitted_at` IS NOT NULL BEGIN
  INSERT INTO `compliance_outcome_counts` (`organisation_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`)
  SELECT m.`organisation_id`, m.`staff_group`, NEW.`module_slug`, '', strftime('%Y-%m', NEW.`submitted_at` / 1000, 'unixepoch'), 1, 0
  FROM `memberships` m
  WHERE m.`user_id` = NEW.`user_id` AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1;
  INSERT INTO `compliance_outcome_unit_counts` (`organisation_id`, `unit_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`, `people`)
  SELECT m.`organisation_id`, m.`unit_id`, m.`staff_group`, NEW.`module_slug`, '', strftime('%Y-%m', NEW.`submitted_at` / 1000, 'unixepoch'), 1, 0, 1
  FROM `memberships` m
  WHERE m.`user_id` = NEW.`user_id` AND m.`unit_id` IS NOT NULL AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1, `people` = `people` + 1;
END;
--> statement-breakpoint
DROP TRIGGER `compliance_first_attempt_answer`;--> statement-breakpoint
CREATE TRIGGER `compliance_first_attempt_answer` AFTER INSERT ON `attempt_answers`
WHEN (SELECT `is_first_attempt` FROM `quiz_attempts` WHERE `id` = NEW.`attempt_id`) = 1 BEGIN
  INSERT INTO `compliance_outcome_counts` (`organisation_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`, `people`)
  SELECT m.`organisation_id`, m.`staff_group`, a.`module_slug`, NEW.`outcome_id`, strftime('%Y-%m', a.`submitted_at` / 1000, 'unixepoch'), 1, NEW.`correct`,
    NOT EXISTS (SELECT 1 FROM `attempt_answers` o WHERE o.`attempt_id` = NEW.`attempt_id` AND o.`outcome_id` = NEW.`outcome_id` AND o.`question_id` <> NEW.`question_id`)
  FROM `quiz_attempts` a JOIN `memberships` m ON m.`user_id` = a.`user_id`
  WHERE a.`id` = NEW.`attempt_id` AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1, `correct` = `correct` + excluded.`correct`, `people` = `people` + excluded.`people`;
  INSERT INTO `compliance_outcome_unit_counts` (`organisation_id`, `unit_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`, `people`)
  SELECT m.`organisation_id`, m.`unit_id`, m.`staff_group`, a.`module_slug`, NEW.`outcome_id`, strftime('%Y-%m', a.`submitted_at` / 1000, 'unixepoch'), 1, NEW.`correct`,
    NOT EXISTS (SELECT 1 FROM `attempt_answers` o WHERE o.`attempt_id` = NEW.`attempt_id` AND o.`outcome_id` = NEW.`outcome_id` AND o.`question_id` <> NEW.`question_id`)
  FROM `quiz_attempts` a JOIN `memberships` m ON m.`user_id` = a.`user_id`
  WHERE a.`id` = NEW.`attempt_id` AND m.`unit_id` IS NOT NULL AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1, `correct` = `correct` + excluded.`correct`, `people` = `people` + excluded.`people`;
END;
--> statement-breakpoint
-- Backfill, once, from the first attempts made before this migration. Where someone was then is not
-- recorded, so earlier attempts are placed by the unit each person is in now (their current
-- memberships, as the organisation counts' backfill did); from here on the triggers place each attempt
-- at the time it is graded. The organisation counts are left as they are.
INSERT INTO `compliance_outcome_unit_counts` (`organisation_id`, `unit_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`, `people`)
SELECT m.`organisation_id`, m.`unit_id`, m.`staff_group`, a.`module_slug`, '', strftime('%Y-%m', a.`submitted_at` / 1000, 'unixepoch'), COUNT(*), 0, COUNT(*)
FROM `quiz_attempts` a JOIN `memberships` m ON m.`user_id` = a.`user_id`
WHERE a.`is_first_attempt` = 1 AND a.`submitted_at` IS NOT NULL AND m.`unit_id` IS NOT NULL AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
-- People per outcome as 0008 counts them: first attempts with an answer on it.
INSERT INTO `compliance_outcome_unit_counts` (`organisation_id`, `unit_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`, `people`)
SELECT m.`organisation_id`, m.`unit_id`, m.`staff_group`, a.`module_slug`, aa.`outcome_id`, strftime('%Y-%m', a.`submitted_at` / 1000, 'unixepoch'), COUNT(*), SUM(aa.`correct`), COUNT(DISTINCT a.`id`)
FROM `attempt_answers` aa JOIN `quiz_attempts` a ON a.`id` = aa.`attempt_id` JOIN `memberships` m ON m.`user_id` = a.`user_id`
WHERE a.`is_first_attempt` = 1 AND m.`unit_id` IS NOT NULL AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
GROUP BY 1, 2, 3, 4, 5, 6;
