-- columns: typeName string, events integer, first date, last date
-- order: events, typeName
SELECT strafter(type, 'https://w3id.org/conflict-kg/taxonomy/') AS typeName,
       COUNT(DISTINCT event) AS events, MIN(date) AS first, MAX(date) AS last
FROM events
WHERE $type IS NULL OR type = $type
GROUP BY typeName
ORDER BY events DESC, typeName
