-- National defaults: every member of staff completes these four modules each year, with 30 days'
-- grace for new starters. Organisations may add to or override them. The other modules are optional.
INSERT INTO `requirements` (`organisation_id`, `staff_group`, `module_slug`, `required`, `renewal_days`, `grace_days`) VALUES
  (NULL, NULL, 'spotting-phishing', 1, 365, 30),
  (NULL, NULL, 'passwords-and-access', 1, 365, 30),
  (NULL, NULL, 'protecting-information', 1, 365, 30),
  (NULL, NULL, 'reporting-incidents', 1, 365, 30);
