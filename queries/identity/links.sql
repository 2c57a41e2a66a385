-- The links of the events of the temporary table `wanted`, from the analytics tables: the rows
-- of queries/identity/links.rq (event, link, value) (kg.ingest.occasions).
WITH l AS (SELECT l.* FROM event_links l JOIN wanted w ON w.event = l.event),
     p AS (SELECT p.* FROM participations p JOIN wanted w ON w.event = p.event),
     affiliations AS (SELECT DISTINCT actor, affiliation FROM actors WHERE affiliation IS NOT NULL)
SELECT event, link, target FROM l WHERE link IN ('place', 'region', 'country', 'actor')
UNION ALL
SELECT l.event, 'actor', a.affiliation FROM l JOIN affiliations a ON a.actor = l.target WHERE l.link = 'actor'
UNION ALL
SELECT l.event, 'named', pl.label || '@' || pl.admin1
FROM l JOIN (SELECT DISTINCT place, label, admin1 FROM places WHERE label IS NOT NULL AND admin1 IS NOT NULL) pl
  ON pl.place = l.target
WHERE l.link = 'place'
UNION ALL
SELECT event, 'role:' || strafter(role, 'role-'), actor FROM p WHERE role IS NOT NULL AND actor IS NOT NULL
UNION ALL
SELECT p.event, 'role:' || strafter(p.role, 'role-'), a.affiliation
FROM p JOIN affiliations a ON a.actor = p.actor WHERE p.role IS NOT NULL
UNION ALL
SELECT u.event, 'category', q.category
FROM equipment_uses u JOIN wanted w ON w.event = u.event
JOIN (SELECT DISTINCT equipment, category FROM equipment WHERE category IS NOT NULL) q ON q.equipment = u.equipment
