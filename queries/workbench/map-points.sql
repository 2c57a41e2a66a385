-- The map's points before grid cells: one row per place, of the chosen events drawn there (each
-- event at its most precise located places: settlements, then features and water bodies, then
-- regions, then countries), with their count, killed, injured, types and the newest 20 events.
-- Places are in key order, each one's events newest first, as the SPARQL path orders them.
WITH placed AS (
  SELECT l.event, p.place,
         min(CASE strafter(p.kind, '#') WHEN 'Settlement' THEN 0 WHEN 'Feature' THEN 1
             WHEN 'WaterBody' THEN 1 WHEN 'Region' THEN 2 WHEN 'Country' THEN 3 ELSE 4 END) AS rank,
         min(p.label) AS label, min(p.lat) AS lat, min(p.lon) AS lon
  FROM chosen c
  JOIN event_links l ON l.event = c.event AND l.link = 'place'
  JOIN places p ON p.place = l.target
  WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL
  GROUP BY l.event, p.place
), best AS (
  SELECT *, min(rank) OVER (PARTITION BY event) AS best FROM placed
)
SELECT b.place AS key, coalesce(min(b.label), '') AS label, min(b.lat) AS lat, min(b.lon) AS lon,
       count(*) AS events, sum(coalesce(c.killed, 0)) AS killed, sum(coalesce(c.injured, 0)) AS injured,
       histogram(c.typeName) AS types,
       list(c.event ORDER BY c.date DESC NULLS LAST, c.event DESC)[1:20] AS ids
FROM best b JOIN chosen c ON c.event = b.event
WHERE b.rank = b.best
GROUP BY b.place
ORDER BY b.place
