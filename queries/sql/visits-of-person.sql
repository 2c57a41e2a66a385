-- columns: date date, roleName string, places string, countries string, with string, event iri
-- order: date, event
-- concat: places "; ", countries "; ", with "; "
WITH named AS (
  SELECT DISTINCT actor FROM actors WHERE lower(label) = lower($person)
),
parts AS (
  SELECT DISTINCT p.event, p.actor, strafter(p.role, 'role-') AS roleName, e.date
  FROM participations p
  JOIN named n ON n.actor = p.actor
  JOIN events e ON e.event = p.event
  WHERE p.role IS NOT NULL AND e.type = 'https://w3id.org/conflict-kg/taxonomy/DiplomaticVisit'
),
visits AS (
  SELECT DISTINCT event FROM parts
),
links AS (
  SELECT l.event, l.link, l.target, n.label
  FROM event_links l
  JOIN (SELECT DISTINCT place AS node, label FROM places WHERE label IS NOT NULL
        UNION SELECT actor, label FROM actors WHERE label IS NOT NULL) n ON n.node = l.target
  WHERE l.link IN ('place', 'country', 'actor') AND l.event IN (SELECT event FROM visits)
),
settings AS (
  SELECT event,
         string_agg(DISTINCT place, '; ' ORDER BY place) AS places,
         string_agg(DISTINCT country, '; ' ORDER BY country) AS countries
  FROM (SELECT event, CASE WHEN link = 'place' THEN label END AS place,
               CASE WHEN link = 'country' THEN label END AS country
        FROM links WHERE link IN ('place', 'country'))
  GROUP BY event
),
-- the others of each visit: unbound for the group when one of its actors has none
company AS (
  SELECT p.event, p.roleName, p.date,
         CASE WHEN COUNT(*) = COUNT(o.label) THEN string_agg(DISTINCT o.label, '; ' ORDER BY o.label) END AS with
  FROM parts p
  LEFT JOIN (SELECT * FROM links WHERE link = 'actor') o ON o.event = p.event AND o.target <> p.actor
  GROUP BY p.event, p.roleName, p.date
)
SELECT c.date, c.roleName, coalesce(s.places, '') AS places, coalesce(s.countries, '') AS countries, c.with, c.event
FROM company c
LEFT JOIN settings s ON s.event = c.event
ORDER BY c.date NULLS FIRST, c.event
