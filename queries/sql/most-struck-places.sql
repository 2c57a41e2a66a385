-- columns: placeLabel string, regionLabel string, strikes integer, first date, last date
-- order: strikes, placeLabel
WITH struck AS (
  SELECT e.event, e.date, l.target AS place
  FROM events e
  JOIN event_links l ON l.event = e.event AND l.link = 'place'
  WHERE e.type IN ('https://w3id.org/conflict-kg/taxonomy/Attack', 'https://w3id.org/conflict-kg/taxonomy/MissileStrike',
                   'https://w3id.org/conflict-kg/taxonomy/Shelling', 'https://w3id.org/conflict-kg/taxonomy/AirStrike',
                   'https://w3id.org/conflict-kg/taxonomy/DroneStrike')
),
names AS (
  SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL
),
-- each place's region labels; a place in no labelled region has one row with no label
regions AS (
  SELECT p.place, r.label
  FROM (SELECT DISTINCT place FROM places) p
  LEFT JOIN (SELECT DISTINCT a.place, n.label
             FROM (SELECT DISTINCT place, admin1 FROM places WHERE admin1 IS NOT NULL) a
             JOIN names n ON n.place = a.admin1) r ON r.place = p.place
)
SELECT n.label AS placeLabel, r.label AS regionLabel, COUNT(DISTINCT s.event) AS strikes,
       MIN(s.date) AS first, MAX(s.date) AS last
FROM struck s
JOIN names n ON n.place = s.place
JOIN regions r ON r.place = s.place
GROUP BY s.place, n.label, r.label
ORDER BY strikes DESC, placeLabel
LIMIT $limit
