-- columns: event iri, type iri, date date, precision iri, heading string, killed integer, injured integer, civilian boolean, notes string, claimant string, publisher string
-- order: event
-- the property paths of the SPARQL (prov:wasDerivedFrom/ckg:heading, ...) keep one row per path,
-- as its sequence paths do; a report's page (dcterms:isPartOf) is the page it was derived from
WITH headings AS (SELECT DISTINCT report, heading FROM reports WHERE heading IS NOT NULL),
publishers AS (
  SELECT r.report, p.publisher
  FROM (SELECT DISTINCT report, page FROM reports WHERE page IS NOT NULL) r
  JOIN (SELECT DISTINCT page, publisher FROM pages WHERE publisher IS NOT NULL) p ON p.page = r.page
),
notes AS (SELECT event, text FROM evidence WHERE text IS NOT NULL),
claimants AS (
  SELECT l.event, a.label
  FROM event_links l
  JOIN (SELECT DISTINCT actor, label FROM actors WHERE label IS NOT NULL) a ON a.actor = l.target
  WHERE l.link = 'claimant'
)
SELECT e.event, e.type, e.date, e.precision, h.heading, e.killed, e.injured, e.civilian,
       n.text AS notes, c.label AS claimant, p.publisher
FROM events e
LEFT JOIN headings h ON h.report = e.report
LEFT JOIN publishers p ON p.report = e.report
LEFT JOIN notes n ON n.event = e.event
LEFT JOIN claimants c ON c.event = e.event
ORDER BY e.event
