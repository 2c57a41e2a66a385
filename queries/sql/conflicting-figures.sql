-- columns: typeName string, placeLabel string, date date, event1 iri, killed1 integer, injured1 integer, report1 iri, event2 iri, killed2 integer, injured2 integer, report2 iri
-- order: date, placeLabel, event1, event2
WITH located AS (
  SELECT e.event, e.type, e.date, e.killed, e.injured, e.report, l.target AS place
  FROM events e
  JOIN event_links l ON l.event = e.event AND l.link = 'place'
  WHERE e.date IS NOT NULL
),
-- the (type, date, place) keys with more than one event and more than one figure, each with
-- its events read from an update (MIN <> MAX is COUNT(DISTINCT) > 1, in a third of the time);
-- their pairs come from unnesting each key's list twice, not from joining the events again
conflicted AS (
  SELECT type, date, place,
         list({'event': event, 'killed': killed, 'injured': injured, 'report': report})
           FILTER (WHERE report IS NOT NULL) AS told
  FROM located
  GROUP BY type, date, place
  HAVING MIN(event) <> MAX(event) AND (MIN(killed) <> MAX(killed) OR MIN(injured) <> MAX(injured))
),
labels AS (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL),
ones AS (SELECT type, date, place, told, unnest(told) AS a FROM conflicted),
pairs AS (SELECT type, date, place, a, unnest(told) AS b FROM ones)
SELECT strafter(type, 'https://w3id.org/conflict-kg/taxonomy/') AS typeName, p.label AS placeLabel, date,
       a.event AS event1, a.killed AS killed1, a.injured AS injured1, a.report AS report1,
       b.event AS event2, b.killed AS killed2, b.injured AS injured2, b.report AS report2
FROM pairs
JOIN labels p USING (place)
WHERE a.event < b.event AND a.report <> b.report
  AND ((a.killed IS NOT NULL AND b.killed IS NOT NULL AND a.killed <> b.killed)
       OR (a.injured IS NOT NULL AND b.injured IS NOT NULL AND a.injured <> b.injured))
ORDER BY date, placeLabel, event1, event2
LIMIT $limit
