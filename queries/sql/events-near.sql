-- columns: event iri, typeName string, date date, placeLabel string, distanceKm double
-- order: distanceKm, date, event
-- the SPARQL's arithmetic step for step, in doubles: cos(latitude) from its Taylor polynomial,
-- the square root from five Newton steps, so that the rounded distances are the same
WITH points AS (
  SELECT DISTINCT place, lat, lon FROM places WHERE lat IS NOT NULL AND lon IS NOT NULL
),
boxed AS (
  SELECT place, lat, lon, (CAST($lat AS DOUBLE) + lat) / 2 * 1.7453292519943295e-2 AS radians
  FROM points
  WHERE abs(lat - CAST($lat AS DOUBLE)) * 110.574 <= CAST($km AS DOUBLE)
),
cosines AS (
  SELECT place, lat, lon, r2,
         1 - r2 / 2 + r2 * r2 / 24 - r2 * r2 * r2 / 720 + r2 * r2 * r2 * r2 / 40320 AS cosLat
  FROM (SELECT place, lat, lon, radians * radians AS r2 FROM boxed)
),
squares AS (
  SELECT place, dx, dy, dx * dx + dy * dy AS d2
  FROM (SELECT place, (lat - CAST($lat AS DOUBLE)) * 110.574 AS dy,
               (lon - CAST($lon AS DOUBLE)) * 111.320 * cosLat AS dx
        FROM cosines)
),
near AS (
  SELECT place, d2, abs(dx) + abs(dy) AS s0 FROM squares
  WHERE d2 <= CAST($km AS DOUBLE) * CAST($km AS DOUBLE)
),
s1 AS (SELECT place, d2, CASE WHEN s0 = 0 THEN 0 ELSE (s0 + d2 / s0) / 2 END AS s FROM near),
s2 AS (SELECT place, d2, CASE WHEN s = 0 THEN 0 ELSE (s + d2 / s) / 2 END AS s FROM s1),
s3 AS (SELECT place, d2, CASE WHEN s = 0 THEN 0 ELSE (s + d2 / s) / 2 END AS s FROM s2),
s4 AS (SELECT place, d2, CASE WHEN s = 0 THEN 0 ELSE (s + d2 / s) / 2 END AS s FROM s3),
s5 AS (SELECT place, CASE WHEN s = 0 THEN 0 ELSE (s + d2 / s) / 2 END AS s FROM s4),
distances AS (SELECT place, round(s * 10) / 10 AS distanceKm FROM s5),
labels AS (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL)
SELECT e.event, strafter(e.type, 'https://w3id.org/conflict-kg/taxonomy/') AS typeName, e.date,
       n.label AS placeLabel, d.distanceKm
FROM distances d
JOIN labels n ON n.place = d.place
JOIN event_links l ON l.target = d.place AND l.link = 'place'
JOIN events e ON e.event = l.event
ORDER BY d.distanceKm, e.date NULLS FIRST, e.event
