-- columns: relation string, source iri, target iri, period string, sourceLabel string, targetLabel string, events integer, killed integer, injured integer, first date, last date, eventIris string
-- order: relation, events, sourceLabel, targetLabel, period
-- concat: eventIris " "
WITH roles(relation, type, role) AS (
  VALUES
    ('meets', 'https://w3id.org/conflict-kg/taxonomy/DiplomaticVisit', 'https://w3id.org/conflict-kg/taxonomy/role-participant'),
    ('agrees', 'https://w3id.org/conflict-kg/taxonomy/Agreement', 'https://w3id.org/conflict-kg/taxonomy/role-signatory')
),
ev AS (
  SELECT e.event, e.date, COALESCE(e.killed, 0) AS k, COALESCE(e.injured, 0) AS i, r.relation, r.role
  FROM events e
  JOIN roles r ON r.type = e.type
  WHERE ($since IS NULL OR e.date >= $since) AND ($until IS NULL OR e.date <= $until)
    AND ($relation IS NULL OR r.relation = $relation)
),
pairs AS (
  SELECT e.relation, e.event, e.date, e.k, e.i, s.actor AS source, t.actor AS target
  FROM ev e
  JOIN participations s ON s.event = e.event AND s.role = e.role
  JOIN participations t ON t.event = e.event AND t.role = e.role
  WHERE s.actor IS NOT NULL AND t.actor IS NOT NULL AND s.actor < t.actor
),
-- each region of an event whose label matches (a solution each, as the OPTIONAL gives)
regions AS (SELECT event FROM region_matches($region)),
labels AS (
  SELECT DISTINCT actor AS node, label FROM actors WHERE label IS NOT NULL
),
solutions AS (
  SELECT p.relation, p.source, p.target, p.event, p.date, p.k, p.i,
         sl.label AS sourceName, tl.label AS targetName,
         period_of(p.date, $window) AS period
  FROM pairs p
  LEFT JOIN regions rg ON rg.event = p.event
  LEFT JOIN labels sl ON sl.node = p.source
  LEFT JOIN labels tl ON tl.node = p.target
  WHERE $region IS NULL OR rg.event IS NOT NULL
)
SELECT relation, source, target, period,
       MIN(sourceName) AS sourceLabel, MIN(targetName) AS targetLabel,
       COUNT(DISTINCT event) AS events, SUM(k) AS killed, SUM(i) AS injured,
       MIN(date) AS first, MAX(date) AS last, string_agg(event, ' ' ORDER BY event) AS eventIris
FROM solutions
GROUP BY relation, source, target, period
ORDER BY relation, events DESC, sourceLabel NULLS FIRST, targetLabel NULLS FIRST, period NULLS FIRST
