-- columns: typeName string, placeLabel string, date date, event1 iri, killed1 integer, injured1 integer, report1 iri, event2 iri, killed2 integer, injured2 integer, report2 iri
-- order: date, placeLabel, event1, event2
WITH located AS (
  SELECT e.event, e.type, e.date, e.killed, e.injured, e.report, l.target AS place
  FROM events e
  JOIN event_links l ON l.event = e.event AND l.link = 'place'
  WHERE e.date IS NOT NULL
),
conflicted AS (  -- the (type, date, place) keys with more than one event and more than one figure
  SELECT type, date, place FROM located
  GROUP BY type, date, place
  HAVING COUNT(DISTINCT event) > 1 AND (COUNT(DISTINCT killed) > 1 OR COUNT(DISTINCT injured) > 1)
),
candidates AS (
  SELECT located.* FROM located JOIN conflicted USING (type, date, place)
  WHERE located.report IS NOT NULL
),
labels AS (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL)
SELECT strafter(a.type, 'https://w3id.org/conflict-kg/taxonomy/') AS typeName, p.label AS placeLabel, a.date,
       a.event AS event1, a.killed AS killed1, a.injured AS injured1, a.report AS report1,
       b.event AS event2, b.killed AS killed2, b.injured AS injured2, b.report AS report2
FROM candidates a
JOIN candidates b ON b.type = a.type AND b.date = a.date AND b.place = a.place
JOIN labels p ON p.place = a.place
WHERE a.event < b.event AND a.report <> b.report
  AND ((a.killed IS NOT NULL AND b.killed IS NOT NULL AND a.killed <> b.killed)
       OR (a.injured IS NOT NULL AND b.injured IS NOT NULL AND a.injured <> b.injured))
ORDER BY a.date, placeLabel, event1, event2
LIMIT $limit
