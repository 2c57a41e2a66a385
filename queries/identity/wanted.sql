-- The stored accounts worth reading for the document's accounts to match (the temporary table
-- touched), from pairs.sql: those the lookup of kg.ingest.occasions (_relevant) finds for one
-- of them (a day either side; a stored date on the first of a month; any date for an account
-- of a coarser date), less those that cannot be one occasion with any of them by their types
-- and dates, unless an analyst said one is the same occasion as another account (the
-- temporary table partners).
WITH b AS (SELECT * FROM sought WHERE event IN (SELECT event FROM touched)),
reached AS (
  SELECT p.stored AS event FROM pairs p JOIN touched t ON t.event = p.new WHERE p.adjacent
  UNION
  SELECT event FROM filed WHERE day(date) = 1 AND key IN (SELECT key FROM b)
  UNION
  SELECT event FROM filed WHERE key IN (SELECT key FROM b WHERE NOT isday)
),
fitting AS (
  SELECT p.stored AS event FROM pairs p JOIN touched t ON t.event = p.new WHERE p.fits
  UNION
  SELECT event FROM partners
)
SELECT event FROM reached INTERSECT SELECT event FROM fitting
