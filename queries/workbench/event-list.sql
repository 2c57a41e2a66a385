-- The event list: the newest 500 chosen events (those without a date last), with how many were
-- chosen (total).
SELECT event, typeName, CAST(date AS VARCHAR) AS date, confidence, killed, injured, label,
       count(*) OVER () AS total
FROM chosen
ORDER BY chosen.date DESC NULLS LAST, event DESC
LIMIT 500
