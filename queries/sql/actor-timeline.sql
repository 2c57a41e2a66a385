-- columns: date date, typeName string, roleName string, places string, event iri
-- order: date, event
-- concat: places "; "
WITH named AS (
  SELECT DISTINCT actor FROM actors WHERE lower(label) = lower($actor)
),
parts AS (
  SELECT DISTINCT p.event, p.participation, p.actor, p.role
  FROM participations p
  JOIN named a ON a.actor = p.actor
  WHERE p.role IS NOT NULL
),
solutions AS (
  SELECT e.date, strafter(e.type, 'https://w3id.org/conflict-kg/taxonomy/') AS typeName,
         strafter(p.role, 'role-') AS roleName, e.event
  FROM parts p
  JOIN events e ON e.event = p.event
),
-- one result row per distinct solution: order and cut first, then gather the places of those rows
top AS (
  SELECT DISTINCT date, typeName, roleName, event FROM solutions
  ORDER BY date NULLS FIRST, event
  LIMIT $limit
),
place_names AS (
  SELECT DISTINCT l.event, n.label
  FROM event_links l
  JOIN places n ON n.place = l.target
  WHERE l.link = 'place' AND n.label IS NOT NULL AND l.event IN (SELECT event FROM top)
)
SELECT s.date, s.typeName, s.roleName, coalesce(string_agg(DISTINCT n.label, '; ' ORDER BY n.label), '') AS places, s.event
FROM top s
LEFT JOIN place_names n ON n.event = s.event
GROUP BY s.date, s.typeName, s.roleName, s.event
ORDER BY s.date NULLS FIRST, s.event
LIMIT $limit
