-- columns: ordinal integer, heading string, time datetime, report iri, events integer
-- order: ordinal, time, heading
-- reads: accounts
WITH named AS (
  SELECT DISTINCT page FROM pages WHERE lower(label) = lower($page)
),
updates AS (
  SELECT DISTINCT r.report, r.heading, r.time, r.ordinal
  FROM reports r
  JOIN named n ON n.page = r.page
  WHERE r.heading IS NOT NULL
),
counts AS (
  SELECT report, COUNT(DISTINCT event) AS events
  FROM events
  WHERE report IN (SELECT report FROM updates)
  GROUP BY report
)
SELECT u.ordinal, u.heading, u.time, u.report, COALESCE(c.events, 0) AS events
FROM updates u
LEFT JOIN counts c ON c.report = u.report
ORDER BY u.ordinal NULLS FIRST, u.time NULLS FIRST, u.heading
