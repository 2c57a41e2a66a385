-- The accounts dated on some days ($days), with their regions, countries, places and places'
-- names in their regions, from the
-- analytics tables: the lookup of candidates for event identity (kg.ingest.occasions).
SELECT e.event, e.graph, e.type, e.date,
       CASE WHEN l.link = 'region' THEN l.target END,
       CASE WHEN l.link = 'country' THEN l.target END,
       CASE WHEN l.link = 'place' THEN l.target END,
       CASE WHEN l.link = 'place' THEN n.label || '@' || n.admin1 END
FROM events e
LEFT JOIN event_links l ON l.event = e.event AND l.link IN ('region', 'country', 'place')
LEFT JOIN (SELECT DISTINCT place, label, admin1 FROM places WHERE label IS NOT NULL AND admin1 IS NOT NULL) n
  ON n.place = l.target AND l.link = 'place'
WHERE e.date IN (SELECT unnest($days))
