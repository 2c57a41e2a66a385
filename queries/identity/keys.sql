-- Where each dated event is filed and where its matches are sought, by the rules of
-- kg.ingest.occasions (_filed, _sought), from the analytics tables: the events of the document
-- $page with the keys they seek (side 'new'), every other event with the keys it is filed
-- under (side 'old'). Needs the temporary tables fam (type, family, placed: one event per
-- place) and pnames (place, named: its folded name in its region). Dates as spans: lo..hi.
-- $types: the taxonomy's namespace, which a precision's IRI starts with.
CREATE TEMP TABLE keyed AS
WITH mine AS (
  SELECT DISTINCT e.event FROM events e
  JOIN (SELECT DISTINCT report FROM reports WHERE page = $page) r ON r.report = e.report
),
typed AS (  -- the precision as identity reads it: no taxonomy prefix, no 'precision-'
  SELECT e.event, e.graph, e.type, e.date, f.family, f.placed, m.event IS NOT NULL AS new,
         CASE WHEN starts_with(p, $types) THEN substr(p, length($types) + 1) ELSE p END AS p
  FROM (SELECT *, coalesce(nullif(precision, ''), 'day') AS p FROM events) e
  JOIN fam f ON f.type = e.type LEFT JOIN mine m ON m.event = e.event
  WHERE e.date IS NOT NULL
),
ev AS (
  SELECT event, graph, type, date, family, placed, new,
         CASE WHEN starts_with(p, 'precision-') THEN substr(p, 11) ELSE p END AS precision
  FROM typed
),
links AS (
  SELECT DISTINCT event, link, target FROM event_links WHERE link IN ('region', 'country', 'place')
),
areas AS (  -- its regions, else its countries, else ''
  SELECT event, target AS area FROM links WHERE link = 'region'
  UNION
  SELECT c.event, c.target FROM links c WHERE c.link = 'country'
    AND NOT EXISTS (SELECT 1 FROM links r WHERE r.event = c.event AND r.link = 'region')
  UNION
  SELECT ev.event, '' FROM ev
    WHERE NOT EXISTS (SELECT 1 FROM links r WHERE r.event = ev.event AND r.link IN ('region', 'country'))
),
settled AS (  -- places that are neither one of its regions nor one of its countries
  SELECT DISTINCT p.event, p.target AS place FROM links p WHERE p.link = 'place'
    AND NOT EXISTS (SELECT 1 FROM links o WHERE o.event = p.event AND o.link IN ('region', 'country')
                    AND o.target = p.target)
),
spots AS (  -- for an event naming a settlement: its settlements and every place's folded name
  SELECT event, place AS spot FROM settled
  UNION
  SELECT p.event, n.named FROM links p JOIN pnames n ON n.place = p.target
  WHERE p.link = 'place' AND p.event IN (SELECT event FROM settled)
),
keys AS (
  SELECT ev.event, 'f ' || ev.family AS key, 'both' AS way FROM ev WHERE NOT ev.placed
  UNION ALL
  SELECT s.event, 's ' || s.spot, 'both' FROM spots s JOIN ev ON ev.event = s.event WHERE ev.placed
  UNION ALL
  SELECT a.event, 't ' || a.area,
         CASE WHEN a.event IN (SELECT event FROM settled) THEN 'filed' ELSE 'sought' END
  FROM areas a JOIN ev ON ev.event = a.event WHERE ev.placed
  UNION ALL
  SELECT a.event, 'u ' || a.area,
         CASE WHEN a.event IN (SELECT event FROM settled) THEN 'sought' ELSE 'both' END
  FROM areas a JOIN ev ON ev.event = a.event WHERE ev.placed
)
SELECT ev.event, ev.graph, ev.type, ev.new, k.key, ev.date, ev.precision = 'day' AS isday,
       CAST(CASE ev.precision WHEN 'year' THEN date_trunc('year', ev.date)
                              WHEN 'month' THEN date_trunc('month', ev.date) ELSE ev.date END AS DATE) AS lo,
       CAST(CASE ev.precision WHEN 'year' THEN make_date(year(ev.date), 12, 31)
                              WHEN 'month' THEN last_day(ev.date) ELSE ev.date END AS DATE) AS hi
FROM keys k JOIN ev ON ev.event = k.event
WHERE (ev.new AND k.way IN ('sought', 'both')) OR (NOT ev.new AND k.way IN ('filed', 'both'))
