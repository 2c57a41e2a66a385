-- columns: event iri, typeName string, date date, placeLabel string, killed integer, injured integer
-- order: date, event
WITH named AS (
  SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL AND lower(label) = lower($place)
)
SELECT e.event, strafter(e.type, 'https://w3id.org/conflict-kg/taxonomy/') AS typeName, e.date,
       n.label AS placeLabel, e.killed, e.injured
FROM named n
JOIN event_links l ON l.target = n.place AND l.link IN ('place', 'region', 'country')
JOIN events e ON e.event = l.event
ORDER BY e.date NULLS FIRST, e.event
