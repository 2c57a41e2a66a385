-- The map's points before grid cells: one row per place, of the chosen events drawn there (each
-- event at its most precise located places: settlements, then features and water bodies, then
-- regions, then countries), with their count, killed, injured, types and the newest 20 events,
-- and on every row how many chosen events have a located place (located). Places are in key
-- order, each one's events newest first, as the SPARQL path orders them.
WITH located AS (
  SELECT place, min(label) AS label, min(lat) AS lat, min(lon) AS lon,
         min(CASE strafter(kind, '#') WHEN 'Settlement' THEN 0 WHEN 'Feature' THEN 1
             WHEN 'WaterBody' THEN 1 WHEN 'Region' THEN 2 WHEN 'Country' THEN 3 ELSE 4 END) AS rank
  FROM places
  WHERE lat IS NOT NULL AND lon IS NOT NULL
  GROUP BY place
), placed AS (
  SELECT DISTINCT l.event, p.place, p.rank
  FROM chosen c
  JOIN event_links l ON l.event = c.event AND l.link = 'place'
  JOIN located p ON p.place = l.target
), best AS (
  SELECT event, min(rank) AS rank FROM placed GROUP BY event
)
SELECT p.place AS key, coalesce(min(x.label), '') AS label, min(x.lat) AS lat, min(x.lon) AS lon,
       count(*) AS events, sum(coalesce(c.killed, 0)) AS killed, sum(coalesce(c.injured, 0)) AS injured,
       histogram(c.typeName) AS types,
       list(c.event ORDER BY c.date DESC NULLS LAST, c.event DESC)[1:20] AS ids,
       (SELECT count(*) FROM best) AS located
FROM placed p
JOIN best b ON b.event = p.event AND b.rank = p.rank
JOIN chosen c ON c.event = p.event
JOIN located x ON x.place = p.place
GROUP BY p.place
ORDER BY p.place
