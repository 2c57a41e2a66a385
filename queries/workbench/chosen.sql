-- The events under the workbench's filters, one row per event, from the analytics tables: what
-- events.rq selects (its filters, by the same names), before it is joined with places. The
-- other workbench SQL reads it as the table `chosen`.
SELECT e.event,
       min(strafter(e.type, 'https://w3id.org/conflict-kg/taxonomy/')) AS typeName,
       min(e.date) AS date, min(e.confidence) AS confidence, min(e.killed) AS killed,
       min(e.injured) AS injured, min(e.label) AS label
FROM events e
WHERE ($type IS NULL OR e.type = $type)
  AND ($from IS NULL OR e.date >= $from)
  AND ($to IS NULL OR e.date <= $to)
  AND ($min_confidence IS NULL OR e.confidence >= $min_confidence)
  AND ($actor IS NULL OR e.event IN (
        SELECT l.event FROM event_links l JOIN actors a ON a.actor = l.target
        WHERE l.link = 'actor' AND lower(a.label) = lower($actor)))
  AND ($region IS NULL OR e.event IN (SELECT event FROM region_matches($region)))
GROUP BY e.event
