-- columns: actor iri, equipment iri, link string, actorLabel string, equipmentLabel string, category string, events integer, quantity integer, first date, last date
-- order: actorLabel, link, events, equipmentLabel
WITH roles(role, link) AS (
  VALUES ('https://w3id.org/conflict-kg/taxonomy/role-attacker', 'used'),
         ('https://w3id.org/conflict-kg/taxonomy/role-interceptor', 'intercepted'),
         ('https://w3id.org/conflict-kg/taxonomy/role-donor', 'supplied'),
         ('https://w3id.org/conflict-kg/taxonomy/role-recipient', 'received')
),
ev AS (
  SELECT event, date
  FROM events
  WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
),
uses AS (
  SELECT DISTINCT event, use, equipment, quantity FROM equipment_uses WHERE equipment IS NOT NULL
),
-- each region of an event whose label matches (a solution each, as the OPTIONAL gives)
regions AS (SELECT event FROM region_matches($region)),
solutions AS (
  SELECT p.actor, u.equipment, r.link, e.event, e.date, COALESCE(u.quantity, 0) AS q
  FROM ev e
  JOIN participations p ON p.event = e.event
  JOIN roles r ON r.role = p.role
  JOIN uses u ON u.event = e.event
  LEFT JOIN regions rg ON rg.event = e.event
  WHERE p.actor IS NOT NULL AND ($region IS NULL OR rg.event IS NOT NULL)
),
actor_labels AS (
  SELECT DISTINCT actor, label FROM actors WHERE label IS NOT NULL
),
equipment_labels AS (
  SELECT DISTINCT equipment, label FROM equipment WHERE label IS NOT NULL
),
categories AS (
  SELECT DISTINCT equipment, strafter(category, 'category-') AS name FROM equipment WHERE category IS NOT NULL
)
SELECT s.actor, s.equipment, s.link, MIN(al.label) AS actorLabel, MIN(el.label) AS equipmentLabel,
       MIN(c.name) AS category, COUNT(DISTINCT s.event) AS events, SUM(s.q) AS quantity,
       MIN(s.date) AS first, MAX(s.date) AS last
FROM solutions s
LEFT JOIN actor_labels al ON al.actor = s.actor
LEFT JOIN equipment_labels el ON el.equipment = s.equipment
LEFT JOIN categories c ON c.equipment = s.equipment
GROUP BY s.actor, s.equipment, s.link
ORDER BY actorLabel NULLS FIRST, s.link, events DESC, equipmentLabel NULLS FIRST
