-- columns: relation string, source iri, target iri, period string, sourceLabel string, targetLabel string, events integer, killed integer, injured integer, first date, last date, eventIris string, equipment string
-- order: relation, events, sourceLabel, targetLabel, period
-- concat: eventIris " ", equipment "|"
WITH roles(relation, type, source_role, target_role) AS (
  VALUES
    ('attacks', 'https://w3id.org/conflict-kg/taxonomy/Attack', 'https://w3id.org/conflict-kg/taxonomy/role-attacker', 'https://w3id.org/conflict-kg/taxonomy/role-target'),
    ('attacks', 'https://w3id.org/conflict-kg/taxonomy/MissileStrike', 'https://w3id.org/conflict-kg/taxonomy/role-attacker', 'https://w3id.org/conflict-kg/taxonomy/role-target'),
    ('attacks', 'https://w3id.org/conflict-kg/taxonomy/Shelling', 'https://w3id.org/conflict-kg/taxonomy/role-attacker', 'https://w3id.org/conflict-kg/taxonomy/role-target'),
    ('attacks', 'https://w3id.org/conflict-kg/taxonomy/AirStrike', 'https://w3id.org/conflict-kg/taxonomy/role-attacker', 'https://w3id.org/conflict-kg/taxonomy/role-target'),
    ('attacks', 'https://w3id.org/conflict-kg/taxonomy/DroneStrike', 'https://w3id.org/conflict-kg/taxonomy/role-attacker', 'https://w3id.org/conflict-kg/taxonomy/role-target'),
    ('attacks', 'https://w3id.org/conflict-kg/taxonomy/ArmedClash', 'https://w3id.org/conflict-kg/taxonomy/role-attacker', 'https://w3id.org/conflict-kg/taxonomy/role-target'),
    ('supplies', 'https://w3id.org/conflict-kg/taxonomy/MilitaryAid', 'https://w3id.org/conflict-kg/taxonomy/role-donor', 'https://w3id.org/conflict-kg/taxonomy/role-recipient'),
    ('sanctions', 'https://w3id.org/conflict-kg/taxonomy/Sanctions', 'https://w3id.org/conflict-kg/taxonomy/role-imposer', 'https://w3id.org/conflict-kg/taxonomy/role-target'),
    ('meets', 'https://w3id.org/conflict-kg/taxonomy/DiplomaticVisit', 'https://w3id.org/conflict-kg/taxonomy/role-visitor', 'https://w3id.org/conflict-kg/taxonomy/role-host'),
    ('condemns', 'https://w3id.org/conflict-kg/taxonomy/Condemnation', 'https://w3id.org/conflict-kg/taxonomy/role-critic', 'https://w3id.org/conflict-kg/taxonomy/role-accused')
),
ev AS (
  SELECT event, type, date, COALESCE(killed, 0) AS k, COALESCE(injured, 0) AS i
  FROM events
  WHERE ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)
),
-- role pairs: the source and target actors of each event of a relation's types
named AS (
  SELECT r.relation, e.event, e.date, e.k, e.i, s.actor AS source, t.actor AS target
  FROM ev e
  JOIN roles r ON r.type = e.type
  JOIN participations s ON s.event = e.event AND s.role = r.source_role
  JOIN participations t ON t.event = e.event AND t.role = r.target_role
  WHERE s.actor IS NOT NULL AND t.actor IS NOT NULL AND s.actor <> t.actor
),
-- an attack that names no target: the attacker against the country of each place struck
unnamed AS (
  SELECT 'attacks' AS relation, e.event, e.date, e.k, e.i, s.actor AS source, l.target
  FROM ev e
  JOIN participations s ON s.event = e.event AND s.role = 'https://w3id.org/conflict-kg/taxonomy/role-attacker'
  JOIN event_links l ON l.event = e.event AND l.link = 'country'
  WHERE e.type IN ('https://w3id.org/conflict-kg/taxonomy/Attack', 'https://w3id.org/conflict-kg/taxonomy/MissileStrike',
                   'https://w3id.org/conflict-kg/taxonomy/Shelling', 'https://w3id.org/conflict-kg/taxonomy/AirStrike',
                   'https://w3id.org/conflict-kg/taxonomy/DroneStrike', 'https://w3id.org/conflict-kg/taxonomy/ArmedClash')
    AND s.actor IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM participations x
                    WHERE x.event = e.event AND x.role = 'https://w3id.org/conflict-kg/taxonomy/role-target')
),
pairs AS (
  SELECT * FROM named UNION ALL SELECT * FROM unnamed
),
-- each region of an event whose label matches (a solution each, as the OPTIONAL gives)
regions AS (SELECT event FROM region_matches($region)),
labels AS (
  SELECT actor AS node, label FROM actors WHERE label IS NOT NULL
  UNION SELECT place, label FROM places WHERE label IS NOT NULL
),
-- the event's equipment names, one value per event
gear AS (
  SELECT u.event, string_agg(DISTINCT q.label, '|' ORDER BY q.label) AS names
  FROM equipment_uses u
  JOIN (SELECT DISTINCT equipment, label FROM equipment WHERE label IS NOT NULL) q ON q.equipment = u.equipment
  WHERE u.event IN (SELECT event FROM pairs)
  GROUP BY u.event
),
solutions AS (
  SELECT p.relation, p.source, p.target, p.event, p.date, p.k, p.i,
         sl.label AS sourceName, tl.label AS targetName, COALESCE(g.names, '') AS e,
         period_of(p.date, $window) AS period
  FROM pairs p
  LEFT JOIN regions rg ON rg.event = p.event
  LEFT JOIN labels sl ON sl.node = p.source
  LEFT JOIN labels tl ON tl.node = p.target
  LEFT JOIN gear g ON g.event = p.event
  WHERE ($relation IS NULL OR p.relation = $relation)
    AND ($region IS NULL OR rg.event IS NOT NULL)
)
SELECT relation, source, target, period,
       MIN(sourceName) AS sourceLabel, MIN(targetName) AS targetLabel,
       COUNT(DISTINCT event) AS events, SUM(k) AS killed, SUM(i) AS injured,
       MIN(date) AS first, MAX(date) AS last,
       array_to_string(list_sort(list(event)), ' ') AS eventIris, array_to_string(list_sort(list(e)), '|') AS equipment
FROM solutions
GROUP BY relation, source, target, period
ORDER BY relation, events DESC, sourceLabel NULLS FIRST, targetLabel NULLS FIRST, period NULLS FIRST
