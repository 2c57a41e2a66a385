-- columns: event iri, actor iri, name string, role iri, kind iri
-- order: event, actor, role
WITH names AS (SELECT DISTINCT actor, label FROM actors WHERE label IS NOT NULL),
kinds AS (SELECT DISTINCT actor, kind FROM actors WHERE kind IS NOT NULL)
SELECT l.event, l.target AS actor, n.label AS name, p.role, k.kind
FROM event_links l
JOIN names n ON n.actor = l.target
LEFT JOIN participations p ON p.event = l.event AND p.actor = l.target AND p.role IS NOT NULL
LEFT JOIN kinds k ON k.actor = l.target
WHERE l.link = 'actor'
ORDER BY l.event, actor, p.role NULLS FIRST
