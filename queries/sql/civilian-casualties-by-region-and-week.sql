-- columns: regionLabel string, weekStart date, killed integer, injured integer, events integer
-- order: weekStart, regionLabel
-- weekStart: the Monday of the date's week (DuckDB's weeks start on Monday, as the SPARQL's do)
WITH labels AS (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL)
SELECT r.label AS regionLabel, CAST(date_trunc('week', e.date) AS DATE) AS weekStart,
       SUM(COALESCE(e.killed, 0)) AS killed, SUM(COALESCE(e.injured, 0)) AS injured,
       COUNT(DISTINCT e.event) AS events
FROM events e
JOIN event_links l ON l.event = e.event AND l.link = 'region'
JOIN labels r ON r.place = l.target
WHERE e.civilian AND e.date IS NOT NULL
  AND ($region IS NULL OR lower(r.label) = lower($region))
GROUP BY regionLabel, weekStart
ORDER BY weekStart, regionLabel
