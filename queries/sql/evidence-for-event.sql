-- columns: text string, start integer, end integer, heading string, pageLabel string, published date, report iri, graph iri
-- order: graph, start
-- reads: accounts
WITH spans AS (
  SELECT DISTINCT event, evidence, text, start_offset, end_offset FROM evidence
  WHERE event = $event AND text IS NOT NULL
),
graphs AS (SELECT DISTINCT event, evidence, graph FROM evidence WHERE event = $event),
sources AS (  -- the event's reports with their headings, pages and the pages' labels and dates
  SELECT r.report, r.heading, p.label, p.published
  FROM (SELECT DISTINCT report FROM events WHERE event = $event AND report IS NOT NULL) e
  JOIN (SELECT DISTINCT report, heading, page FROM reports WHERE heading IS NOT NULL) r ON r.report = e.report
  LEFT JOIN (SELECT DISTINCT page, label, published FROM pages WHERE label IS NOT NULL) p ON p.page = r.page
)
SELECT s.text, s.start_offset AS start, s.end_offset AS "end", r.heading, r.label AS pageLabel, r.published,
       r.report, g.graph
FROM spans s
LEFT JOIN sources r ON true
LEFT JOIN graphs g ON g.event = s.event AND g.evidence = s.evidence
ORDER BY g.graph NULLS FIRST, s.start_offset NULLS FIRST
