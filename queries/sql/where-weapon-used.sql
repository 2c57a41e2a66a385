-- columns: date date, typeName string, placeLabel string, regionLabel string, quantity integer, destroyed integer, event iri
-- order: date, placeLabel, event
WITH named AS (
  SELECT DISTINCT equipment, label FROM equipment WHERE lower(label) = lower($equipment)
),
-- a row per use, equipment, quantity and destroyed figure, as the OPTIONALs give
uses AS (
  SELECT u.event, u.quantity, u.destroyed
  FROM equipment_uses u
  JOIN named n ON n.equipment = u.equipment
),
used AS (
  SELECT DISTINCT event FROM uses
),
place_names AS (
  SELECT l.event, n.label
  FROM event_links l
  JOIN (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL) n ON n.place = l.target
  WHERE l.link = 'place' AND l.event IN (SELECT event FROM used)
),
region_names AS (
  SELECT l.event, n.label
  FROM event_links l
  JOIN (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL) n ON n.place = l.target
  WHERE l.link = 'region' AND l.event IN (SELECT event FROM used)
)
SELECT e.date, strafter(e.type, 'https://w3id.org/conflict-kg/taxonomy/') AS typeName,
       p.label AS placeLabel, r.label AS regionLabel, u.quantity, u.destroyed, e.event
FROM uses u
JOIN events e ON e.event = u.event
LEFT JOIN place_names p ON p.event = u.event
LEFT JOIN region_names r ON r.event = u.event
ORDER BY e.date NULLS FIRST, placeLabel NULLS FIRST, e.event
