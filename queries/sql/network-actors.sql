-- columns: actor iri, label string, actorKind string, affiliation string, events integer
-- order: events, label
WITH kinds AS (
  SELECT DISTINCT a.actor, k.kindName
  FROM (SELECT DISTINCT actor FROM actors) a
  LEFT JOIN (SELECT DISTINCT actor, strafter(kind, '#') AS kindName FROM actors WHERE kind IS NOT NULL) k
    ON k.actor = a.actor
),
chosen AS (
  SELECT actor, MIN(kindName) AS actorKind
  FROM kinds
  WHERE $kind IS NULL OR lower(COALESCE(kindName, '')) = lower($kind)
  GROUP BY actor
),
labels AS (
  SELECT actor, MIN(label) AS label FROM actors WHERE label IS NOT NULL GROUP BY actor
),
affiliations AS (
  SELECT a.actor, MIN(b.label) AS name
  FROM (SELECT DISTINCT actor, affiliation FROM actors WHERE affiliation IS NOT NULL) a
  JOIN actors b ON b.actor = a.affiliation
  WHERE b.label IS NOT NULL
  GROUP BY a.actor
),
named AS (
  SELECT target AS actor, COUNT(DISTINCT event) AS events
  FROM event_links WHERE link = 'actor'
  GROUP BY target
)
SELECT c.actor, l.label, c.actorKind, f.name AS affiliation, COALESCE(n.events, 0) AS events
FROM chosen c
LEFT JOIN labels l ON l.actor = c.actor
LEFT JOIN affiliations f ON f.actor = c.actor
LEFT JOIN named n ON n.actor = c.actor
ORDER BY events DESC, l.label NULLS FIRST
