-- columns: date date, imposers string, targets string, text string, event iri
-- order: date, event
-- concat: imposers "; ", targets "; "
WITH ev AS (
  SELECT event, date FROM events WHERE type = 'https://w3id.org/conflict-kg/taxonomy/Sanctions'
),
sides AS (
  SELECT event,
         string_agg(DISTINCT imposer, '; ' ORDER BY imposer) AS imposers,
         string_agg(DISTINCT target, '; ' ORDER BY target) AS targets
  FROM (
    SELECT p.event,
           CASE WHEN p.role = 'https://w3id.org/conflict-kg/taxonomy/role-imposer' THEN a.label END AS imposer,
           CASE WHEN p.role = 'https://w3id.org/conflict-kg/taxonomy/role-target' THEN a.label END AS target
    FROM participations p
    JOIN actors a ON a.actor = p.actor
    WHERE p.event IN (SELECT event FROM ev) AND a.label IS NOT NULL
      AND p.role IN ('https://w3id.org/conflict-kg/taxonomy/role-imposer',
                     'https://w3id.org/conflict-kg/taxonomy/role-target')
  )
  GROUP BY event
),
texts AS (
  SELECT DISTINCT event, text FROM evidence WHERE text IS NOT NULL AND event IN (SELECT event FROM ev)
)
SELECT e.date, coalesce(s.imposers, '') AS imposers, coalesce(s.targets, '') AS targets, t.text, e.event
FROM ev e
LEFT JOIN sides s ON s.event = e.event
LEFT JOIN texts t ON t.event = e.event
ORDER BY e.date NULLS FIRST, e.event
