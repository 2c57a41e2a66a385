-- The stored accounts that may meet the accounts of a document (the temporary table keyed,
-- from keys.sql): each pair of one filed and one sought key alike, with three tests of its
-- dates (kg.ingest.occasions): `near`, the lookup of a document's accounts (a day either side,
-- or a stored date on the first of a month, read from the days _lookup_days gives); `reach`,
-- the same for the accounts matched (any date within those days when the new account's date
-- is coarser than a day); `fits`, whether the two dates may be one day at all (a day apart
-- for two days, else overlapping spans), as kg.ingest.identity.compare asks.
CREATE TEMP TABLE pairs AS
WITH b AS (SELECT * FROM keyed WHERE new),
own AS (SELECT DISTINCT graph FROM b),
days AS (
  SELECT DISTINCT unnest([date - 1, date, date + 1, CAST(date_trunc('month', date) AS DATE),
                          CAST(date_trunc('year', date) AS DATE)]) AS day
  FROM (SELECT DISTINCT date FROM b)
),
s AS (
  SELECT * FROM keyed
  WHERE NOT new AND graph NOT IN (SELECT graph FROM own) AND date IN (SELECT day FROM days)
)
SELECT s.event AS stored, b.event AS new,
       bool_or(s.date BETWEEN b.date - 1 AND b.date + 1 OR day(s.date) = 1) AS near,
       bool_or(s.date BETWEEN b.date - 1 AND b.date + 1 OR day(s.date) = 1 OR NOT b.isday) AS reach,
       bool_or(CASE WHEN b.isday AND s.isday THEN s.date BETWEEN b.date - 1 AND b.date + 1
                    ELSE s.lo <= b.hi AND b.lo <= s.hi END) AS fits
FROM s JOIN b ON s.key = b.key
GROUP BY s.event, b.event
