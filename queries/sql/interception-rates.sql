-- columns: equipmentLabel string, launched integer, downed integer, events integer, percentDowned decimal
-- order: launched, equipmentLabel
-- percentDowned is unbound where nothing was launched (the SPARQL's division fails)
WITH labels AS (SELECT DISTINCT equipment, label FROM equipment WHERE label IS NOT NULL)
SELECT q.label AS equipmentLabel, SUM(u.quantity) AS launched, SUM(u.destroyed) AS downed,
       COUNT(DISTINCT u.event) AS events,
       CASE WHEN SUM(u.quantity) = 0 THEN NULL
            ELSE round(1000 * SUM(u.destroyed) / SUM(u.quantity)) / 10 END AS percentDowned
FROM events e
JOIN equipment_uses u ON u.event = e.event
JOIN labels q ON q.equipment = u.equipment
WHERE e.type = 'https://w3id.org/conflict-kg/taxonomy/Interception'
  AND u.quantity IS NOT NULL AND u.destroyed IS NOT NULL
GROUP BY equipmentLabel
ORDER BY launched DESC, equipmentLabel
