-- columns: text string, start integer, end integer, heading string, pageLabel string, published date, report iri, graph iri
-- order: graph, start
-- reads: accounts
WITH spans AS (  -- the event's own words, from its report, and its words in each other update that tells it
  SELECT DISTINCT e.event, e.evidence, e.text, e.start_offset, e.end_offset, r.report
  FROM evidence e
  LEFT JOIN (SELECT DISTINCT event, report FROM events WHERE event = $event AND report IS NOT NULL) r
    ON r.event = e.event
  WHERE e.event = $event AND e.text IS NOT NULL
  UNION
  SELECT DISTINCT event, evidence, text, start_offset, end_offset, report FROM also_reported
  WHERE event = $event AND text IS NOT NULL
),
graphs AS (
  SELECT DISTINCT event, evidence, graph FROM evidence WHERE event = $event
  UNION SELECT DISTINCT event, evidence, graph FROM also_reported WHERE event = $event AND evidence IS NOT NULL
),
sources AS (  -- the reports with their headings, pages and the pages' labels and dates
  SELECT r.report, r.heading, p.label, p.published
  FROM (SELECT DISTINCT report, heading, page FROM reports WHERE heading IS NOT NULL) r
  LEFT JOIN (SELECT DISTINCT page, label, published FROM pages WHERE label IS NOT NULL) p ON p.page = r.page
)
SELECT s.text, s.start_offset AS start, s.end_offset AS "end", r.heading, r.label AS pageLabel, r.published,
       r.report, g.graph
FROM spans s
LEFT JOIN sources r ON r.report = s.report
LEFT JOIN graphs g ON g.event = s.event AND g.evidence = s.evidence
ORDER BY g.graph NULLS FIRST, s.start_offset NULLS FIRST
