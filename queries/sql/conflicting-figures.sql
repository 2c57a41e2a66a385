-- columns: typeName string, placeLabel string, date date, event1 iri, killed1 integer, injured1 integer, report1 iri, event2 iri, killed2 integer, injured2 integer, report2 iri
-- order: date, placeLabel, event1, event2
-- reads: accounts
WITH members AS (
  SELECT DISTINCT o.occasion, o.account, l.account AS lead
  FROM occasion_accounts o
  JOIN occasion_accounts l ON l.occasion = o.occasion AND l.lead
),
told AS (
  SELECT m.occasion, m.lead, e.event, e.killed, e.injured, e.report
  FROM members m
  JOIN events e ON e.event = m.account
  WHERE e.report IS NOT NULL
),
pairs AS (
  SELECT a.lead, a.event AS event1, a.killed AS killed1, a.injured AS injured1, a.report AS report1,
         b.event AS event2, b.killed AS killed2, b.injured AS injured2, b.report AS report2
  FROM told a
  JOIN told b ON b.occasion = a.occasion AND a.event < b.event
  WHERE (a.killed IS NOT NULL AND b.killed IS NOT NULL AND a.killed <> b.killed)
     OR (a.injured IS NOT NULL AND b.injured IS NOT NULL AND a.injured <> b.injured)
),
lead_places AS (
  SELECT DISTINCT l.event, n.label
  FROM event_links l
  JOIN (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL) n ON n.place = l.target
  WHERE l.link = 'place'
)
SELECT strafter(e.type, 'https://w3id.org/conflict-kg/taxonomy/') AS typeName, pl.label AS placeLabel, e.date,
       p.event1, p.killed1, p.injured1, p.report1, p.event2, p.killed2, p.injured2, p.report2
FROM pairs p
JOIN (SELECT DISTINCT event, type, date FROM events) e ON e.event = p.lead
LEFT JOIN lead_places pl ON pl.event = p.lead
ORDER BY date NULLS FIRST, placeLabel NULLS FIRST, event1, event2
LIMIT $limit
