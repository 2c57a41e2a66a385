-- The accounts of the events of the temporary table `wanted`, from the analytics tables: the
-- columns of queries/identity/accounts.rq, in its order (kg.ingest.occasions).
SELECT e.event, e.graph, e.type, e.date, e.precision, e.killed, e.injured, e.report,
       r.time, pg.published, ev.text, r.page, e.coded
FROM events e
JOIN wanted w ON w.event = e.event
LEFT JOIN (SELECT DISTINCT report, time, page FROM reports) r ON r.report = e.report
LEFT JOIN (SELECT DISTINCT page, published FROM pages) pg ON pg.page = r.page
LEFT JOIN (SELECT DISTINCT event, text FROM evidence WHERE text IS NOT NULL) ev ON ev.event = e.event
