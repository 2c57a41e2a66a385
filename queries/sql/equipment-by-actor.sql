-- columns: actorLabel string, roleName string, equipmentLabel string, events integer, quantity integer
-- order: actorLabel, roleName, events, equipmentLabel
WITH actor_labels AS (
  SELECT DISTINCT actor, label FROM actors
  WHERE label IS NOT NULL AND ($actor IS NULL OR lower(label) = lower($actor))
),
equipment_labels AS (SELECT DISTINCT equipment, label FROM equipment WHERE label IS NOT NULL)
SELECT a.label AS actorLabel, strafter(p.role, 'role-') AS roleName, q.label AS equipmentLabel,
       COUNT(DISTINCT p.event) AS events, SUM(COALESCE(u.quantity, 0)) AS quantity
FROM participations p
JOIN actor_labels a ON a.actor = p.actor
JOIN equipment_uses u ON u.event = p.event
JOIN equipment_labels q ON q.equipment = u.equipment
WHERE p.role IS NOT NULL
GROUP BY actorLabel, roleName, equipmentLabel
ORDER BY actorLabel, roleName, events DESC, equipmentLabel
