-- columns: what string, count integer
-- order: what
SELECT what, count FROM (
  SELECT 'events' AS what, COUNT(DISTINCT event) AS count FROM events
  UNION ALL SELECT 'updates', COUNT(DISTINCT report) FROM reports
  UNION ALL SELECT 'pages', COUNT(DISTINCT page) FROM pages
  UNION ALL SELECT 'actors', COUNT(DISTINCT actor) FROM actors
  UNION ALL SELECT 'places', COUNT(DISTINCT place) FROM places
  UNION ALL SELECT 'equipment', COUNT(DISTINCT equipment) FROM equipment
)
WHERE count > 0
ORDER BY what
