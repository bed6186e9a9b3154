ALTER TABLE `compliance_state` ADD `rules_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `compliance_outcome_counts` ADD `people` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A person counts once per outcome of their first attempt: their first answer on it adds them.
DROP TRIGGER `compliance_first_attempt_answer`;--> statement-breakpoint
CREATE TRIGGER `compliance_first_attempt_answer` AFTER INSERT ON `attempt_answers`
WHEN (SELECT `is_first_attempt` FROM `quiz_attempts` WHERE `id` = NEW.`attempt_id`) = 1 BEGIN
  INSERT INTO `compliance_outcome_counts` (`organisation_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`, `people`)
  SELECT m.`organisation_id`, m.`staff_group`, a.`module_slug`, NEW.`outcome_id`, strftime('%Y-%m', a.`submitted_at` / 1000, 'unixepoch'), 1, NEW.`correct`,
    NOT EXISTS (SELECT 1 FROM `attempt_answers` o WHERE o.`attempt_id` = NEW.`attempt_id` AND o.`outcome_id` = NEW.`outcome_id` AND o.`question_id` <> NEW.`question_id`)
  FROM `quiz_attempts` a JOIN `memberships` m ON m.`user_id` = a.`user_id`
  WHERE a.`id` = NEW.`attempt_id` AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1, `correct` = `correct` + excluded.`correct`, `people` = `people` + excluded.`people`;
END;
--> statement-breakpoint
-- People per outcome for what was counted before: first attempts with an answer on it, by the same memberships.
UPDATE `compliance_outcome_counts` SET `people` = `answers` WHERE `outcome_id` = '';--> statement-breakpoint
UPDATE `compliance_outcome_counts` SET `people` = (
  SELECT COUNT(DISTINCT a.`id`) FROM `attempt_answers` aa JOIN `quiz_attempts` a ON a.`id` = aa.`attempt_id` JOIN `memberships` m ON m.`user_id` = a.`user_id`
  WHERE a.`is_first_attempt` = 1 AND aa.`outcome_id` = `compliance_outcome_counts`.`outcome_id` AND a.`module_slug` = `compliance_outcome_counts`.`module_slug`
    AND m.`organisation_id` = `compliance_outcome_counts`.`organisation_id` AND m.`staff_group` = `compliance_outcome_counts`.`staff_group`
    AND strftime('%Y-%m', a.`submitted_at` / 1000, 'unixepoch') = `compliance_outcome_counts`.`month`
) WHERE `outcome_id` <> '';
