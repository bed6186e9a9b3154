-- Compliance figures are derived tables (app/compliance). These triggers note every change that can move
-- them, so the figures never go stale even when a writer forgets to call refreshPersonCompliance: the
-- next read (ensureComplianceCurrent) refreshes the people and organisations noted here.
CREATE TRIGGER `compliance_membership_inserted` AFTER INSERT ON `memberships` BEGIN
  INSERT OR IGNORE INTO `compliance_dirty_users` (`user_id`) VALUES (NEW.`user_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_membership_updated` AFTER UPDATE OF `user_id`, `organisation_id`, `unit_id`, `staff_group`, `start_date`, `end_date` ON `memberships` BEGIN
  INSERT OR IGNORE INTO `compliance_dirty_users` (`user_id`) VALUES (OLD.`user_id`);
  INSERT OR IGNORE INTO `compliance_dirty_users` (`user_id`) VALUES (NEW.`user_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_membership_deleted` AFTER DELETE ON `memberships` BEGIN
  INSERT OR IGNORE INTO `compliance_dirty_users` (`user_id`) VALUES (OLD.`user_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_requirement_inserted` AFTER INSERT ON `requirements` BEGIN
  INSERT OR IGNORE INTO `compliance_dirty_organisations` (`organisation_id`) VALUES (COALESCE(NEW.`organisation_id`, 0));
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_requirement_updated` AFTER UPDATE ON `requirements` BEGIN
  INSERT OR IGNORE INTO `compliance_dirty_organisations` (`organisation_id`) VALUES (COALESCE(OLD.`organisation_id`, 0));
  INSERT OR IGNORE INTO `compliance_dirty_organisations` (`organisation_id`) VALUES (COALESCE(NEW.`organisation_id`, 0));
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_requirement_deleted` AFTER DELETE ON `requirements` BEGIN
  INSERT OR IGNORE INTO `compliance_dirty_organisations` (`organisation_id`) VALUES (COALESCE(OLD.`organisation_id`, 0));
END;
--> statement-breakpoint
-- Learning-outcome insight: first attempts only, counted per organisation and staff group the person
-- belongs to when the attempt is graded, never per person.
CREATE TRIGGER `compliance_first_attempt_graded` AFTER UPDATE OF `is_first_attempt` ON `quiz_attempts`
WHEN NEW.`is_first_attempt` = 1 AND OLD.`is_first_attempt` IS NOT 1 AND NEW.`submitted_at` IS NOT NULL BEGIN
  INSERT INTO `compliance_outcome_counts` (`organisation_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`)
  SELECT m.`organisation_id`, m.`staff_group`, NEW.`module_slug`, '', strftime('%Y-%m', NEW.`submitted_at` / 1000, 'unixepoch'), 1, 0
  FROM `memberships` m
  WHERE m.`user_id` = NEW.`user_id` AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_first_attempt_inserted` AFTER INSERT ON `quiz_attempts`
WHEN NEW.`is_first_attempt` = 1 AND NEW.`submitted_at` IS NOT NULL BEGIN
  INSERT INTO `compliance_outcome_counts` (`organisation_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`)
  SELECT m.`organisation_id`, m.`staff_group`, NEW.`module_slug`, '', strftime('%Y-%m', NEW.`submitted_at` / 1000, 'unixepoch'), 1, 0
  FROM `memberships` m
  WHERE m.`user_id` = NEW.`user_id` AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `compliance_first_attempt_answer` AFTER INSERT ON `attempt_answers`
WHEN (SELECT `is_first_attempt` FROM `quiz_attempts` WHERE `id` = NEW.`attempt_id`) = 1 BEGIN
  INSERT INTO `compliance_outcome_counts` (`organisation_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`)
  SELECT m.`organisation_id`, m.`staff_group`, a.`module_slug`, NEW.`outcome_id`, strftime('%Y-%m', a.`submitted_at` / 1000, 'unixepoch'), 1, NEW.`correct`
  FROM `quiz_attempts` a JOIN `memberships` m ON m.`user_id` = a.`user_id`
  WHERE a.`id` = NEW.`attempt_id` AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
  ON CONFLICT DO UPDATE SET `answers` = `answers` + 1, `correct` = `correct` + excluded.`correct`;
END;
--> statement-breakpoint
-- What existed before these tables: count it once, and refresh everyone's rows on the next read.
INSERT INTO `compliance_outcome_counts` (`organisation_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`)
SELECT m.`organisation_id`, m.`staff_group`, a.`module_slug`, '', strftime('%Y-%m', a.`submitted_at` / 1000, 'unixepoch'), COUNT(*), 0
FROM `quiz_attempts` a JOIN `memberships` m ON m.`user_id` = a.`user_id`
WHERE a.`is_first_attempt` = 1 AND a.`submitted_at` IS NOT NULL AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO `compliance_outcome_counts` (`organisation_id`, `staff_group`, `module_slug`, `outcome_id`, `month`, `answers`, `correct`)
SELECT m.`organisation_id`, m.`staff_group`, a.`module_slug`, aa.`outcome_id`, strftime('%Y-%m', a.`submitted_at` / 1000, 'unixepoch'), COUNT(*), SUM(aa.`correct`)
FROM `attempt_answers` aa JOIN `quiz_attempts` a ON a.`id` = aa.`attempt_id` JOIN `memberships` m ON m.`user_id` = a.`user_id`
WHERE a.`is_first_attempt` = 1 AND m.`start_date` <= date('now') AND (m.`end_date` IS NULL OR m.`end_date` >= date('now'))
GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT OR IGNORE INTO `compliance_dirty_users` (`user_id`) SELECT DISTINCT `user_id` FROM `memberships`;
