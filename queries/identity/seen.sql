-- The accounts dated on some days ($days), with their regions and countries, from the
-- analytics tables: the lookup of candidates for event identity (kg.ingest.occasions).
SELECT e.event, e.graph, e.date,
       CASE WHEN l.link = 'region' THEN l.target END,
       CASE WHEN l.link = 'country' THEN l.target END
FROM events e
LEFT JOIN event_links l ON l.event = e.event AND l.link IN ('region', 'country')
WHERE e.date IN (SELECT unnest($days))
