-- The filters' choices from the analytics tables: the rows of facets.rq (types, regions and
-- actors by label, with their events), in its order.
SELECT 'type' AS facet, strafter(type, 'https://w3id.org/conflict-kg/taxonomy/') AS value,
       count(DISTINCT event) AS events
FROM events GROUP BY value
UNION ALL
SELECT 'region', p.label, count(DISTINCT l.event)
FROM event_links l JOIN (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL) p ON p.place = l.target
WHERE l.link = 'region' GROUP BY p.label
UNION ALL
SELECT 'actor', a.label, count(DISTINCT l.event)
FROM event_links l JOIN (SELECT DISTINCT actor, label FROM actors WHERE label IS NOT NULL) a ON a.actor = l.target
WHERE l.link = 'actor' GROUP BY a.label
ORDER BY facet, events DESC, value
