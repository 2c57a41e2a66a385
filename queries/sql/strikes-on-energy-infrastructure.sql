-- columns: event iri, typeName string, date date, placeLabel string, regionLabel string, text string
-- order: date, event
WITH ev AS (
  SELECT event, type, date
  FROM events
  WHERE type IN ('https://w3id.org/conflict-kg/taxonomy/Attack', 'https://w3id.org/conflict-kg/taxonomy/MissileStrike',
                 'https://w3id.org/conflict-kg/taxonomy/Shelling', 'https://w3id.org/conflict-kg/taxonomy/AirStrike',
                 'https://w3id.org/conflict-kg/taxonomy/DroneStrike')
),
-- a row per evidence span and text that mentions energy infrastructure
spans AS (
  SELECT DISTINCT x.event, x.evidence, x.text
  FROM evidence x
  WHERE x.text IS NOT NULL AND x.event IN (SELECT event FROM ev)
    AND regexp_matches(x.text, 'energy|power +(plant|station|grid|line|supply|facilit)|electric|substation|(oil|fuel) +(depot|terminal|facilit)|refiner|gas +(facilit|plant|pipeline|infrastructure)|thermal +power|hydroelectric|blackout|power +outage|nuclear +power', 'i')
),
hit AS (
  SELECT DISTINCT event FROM spans
),
place_names AS (
  SELECT l.event, n.label
  FROM event_links l
  JOIN (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL) n ON n.place = l.target
  WHERE l.link = 'place' AND l.event IN (SELECT event FROM hit)
),
region_names AS (
  SELECT l.event, n.label
  FROM event_links l
  JOIN (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL) n ON n.place = l.target
  WHERE l.link = 'region' AND l.event IN (SELECT event FROM hit)
)
SELECT e.event, strafter(e.type, 'https://w3id.org/conflict-kg/taxonomy/') AS typeName, e.date,
       p.label AS placeLabel, r.label AS regionLabel, s.text
FROM spans s
JOIN ev e ON e.event = s.event
LEFT JOIN place_names p ON p.event = s.event
LEFT JOIN region_names r ON r.event = s.event
ORDER BY e.date NULLS FIRST, e.event
