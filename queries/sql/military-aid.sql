-- columns: date date, donorLabel string, recipientLabel string, equipmentLabel string, quantity integer, event iri
-- order: date, donorLabel, equipmentLabel
WITH aid AS (
  SELECT event, date FROM events WHERE type = 'https://w3id.org/conflict-kg/taxonomy/MilitaryAid'
),
names AS (SELECT DISTINCT actor, label FROM actors WHERE label IS NOT NULL),
donors AS (
  SELECT p.event, n.label FROM participations p JOIN names n ON n.actor = p.actor
  WHERE p.role = 'https://w3id.org/conflict-kg/taxonomy/role-donor' AND p.event IN (SELECT event FROM aid)
),
recipients AS (
  SELECT p.event, n.label FROM participations p JOIN names n ON n.actor = p.actor
  WHERE p.role = 'https://w3id.org/conflict-kg/taxonomy/role-recipient' AND p.event IN (SELECT event FROM aid)
),
supplies AS (
  SELECT u.event, q.label, u.quantity
  FROM equipment_uses u
  JOIN (SELECT DISTINCT equipment, label FROM equipment WHERE label IS NOT NULL) q ON q.equipment = u.equipment
  WHERE u.event IN (SELECT event FROM aid)
)
SELECT a.date, d.label AS donorLabel, r.label AS recipientLabel, s.label AS equipmentLabel, s.quantity, a.event
FROM aid a
LEFT JOIN donors d ON d.event = a.event
LEFT JOIN recipients r ON r.event = a.event
LEFT JOIN supplies s ON s.event = a.event
WHERE ($donor IS NULL OR lower(d.label) = lower($donor))
  AND ($recipient IS NULL OR lower(r.label) = lower($recipient))
ORDER BY a.date NULLS FIRST, donorLabel NULLS FIRST, equipmentLabel NULLS FIRST
