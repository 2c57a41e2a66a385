-- columns: event iri, place iri, placeLabel string, placeKind iri, lat decimal, lon decimal, admin1 string, country string
-- order: event, place
-- a place's row per combination of its values, as the SPARQL's OPTIONALs give them
WITH rows AS (SELECT DISTINCT place, label, kind, lat, lon, admin1, country FROM places WHERE label IS NOT NULL),
labels AS (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL)
SELECT l.event, l.target AS place, p.label AS placeLabel, p.kind AS placeKind, p.lat, p.lon,
       a.label AS admin1, c.label AS country
FROM event_links l
JOIN rows p ON p.place = l.target
LEFT JOIN labels a ON a.place = p.admin1
LEFT JOIN labels c ON c.place = p.country
WHERE l.link = 'place'
ORDER BY l.event, place
