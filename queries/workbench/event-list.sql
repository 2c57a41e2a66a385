-- The event list: the newest 500 chosen events (those without a date last), with how many were
-- chosen (total) and how many of them have a located place (located).
SELECT c.event, c.typeName, CAST(c.date AS VARCHAR) AS date, c.confidence, c.killed, c.injured, c.label,
       count(*) OVER () AS total,
       (SELECT count(DISTINCT l.event) FROM chosen k
          JOIN event_links l ON l.event = k.event AND l.link = 'place'
          JOIN places p ON p.place = l.target
        WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL) AS located
FROM chosen c
ORDER BY c.date DESC NULLS LAST, c.event DESC
LIMIT 500
