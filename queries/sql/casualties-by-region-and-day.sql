-- columns: regionLabel string, date date, killed integer, injured integer, events integer
-- order: date, regionLabel
SELECT r.label AS regionLabel, e.date,
       SUM(COALESCE(e.killed, 0)) AS killed, SUM(COALESCE(e.injured, 0)) AS injured,
       COUNT(DISTINCT e.event) AS events
FROM events e
JOIN event_links l ON l.event = e.event AND l.link = 'region'
JOIN places r ON r.place = l.target
WHERE e.date IS NOT NULL AND r.label IS NOT NULL
  AND (e.killed IS NOT NULL OR e.injured IS NOT NULL)
  AND ($region IS NULL OR lower(r.label) = lower($region))
GROUP BY r.label, e.date
ORDER BY e.date, r.label
