-- columns: actorA iri, actorB iri, labelA string, labelB string, events integer, first date, last date
-- order: events, labelA, labelB
WITH ev AS (
  SELECT event, date
  FROM events
  WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
    AND ($region IS NULL OR event IN (SELECT event FROM region_matches($region)))
),
named AS (
  SELECT event, target AS actor FROM event_links WHERE link = 'actor'
),
pairs AS (
  SELECT a.actor AS actorA, b.actor AS actorB,
         COUNT(DISTINCT e.event) AS events, MIN(e.date) AS first, MAX(e.date) AS last
  FROM ev e
  JOIN named a ON a.event = e.event
  JOIN named b ON b.event = e.event
  WHERE a.actor < b.actor
  GROUP BY a.actor, b.actor
),
labels AS (
  SELECT actor, MIN(label) AS label FROM actors WHERE label IS NOT NULL GROUP BY actor
)
SELECT p.actorA, p.actorB, la.label AS labelA, lb.label AS labelB, p.events, p.first, p.last
FROM pairs p
LEFT JOIN labels la ON la.actor = p.actorA
LEFT JOIN labels lb ON lb.actor = p.actorB
ORDER BY p.events DESC, labelA NULLS FIRST, labelB NULLS FIRST
