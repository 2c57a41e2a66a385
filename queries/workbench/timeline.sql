-- The timeline's bars: chosen events per day and type (the date filters are left out by the caller).
SELECT CAST(date AS VARCHAR) AS day, typeName AS type, count(*) AS events
FROM chosen
WHERE date IS NOT NULL
GROUP BY date, typeName
ORDER BY day, type
