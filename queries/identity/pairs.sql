-- The stored accounts that may meet the accounts of a document, from the temporary table
-- keyed (keys.sql), by the lookup of kg.ingest.occasions: the document's accounts (`sought`,
-- with the keys they seek) and the stored accounts read as candidates (`filed`: not of the
-- document's graphs, dated on a day _lookup_days gives for the document's accounts, with the
-- keys they are filed under). `pairs` holds the pairs of one key alike dated a day apart at
-- most (`adjacent`) or whose dates may be one day while one of them is coarser than a day (a
-- month or a year that holds the other); for each, `fits`: whether the two may be one
-- occasion at all by their types (the temporary table compatible: kg.ingest.identity's
-- types_compatible) and dates (a day apart for two days, else overlapping spans), the first
-- things kg.ingest.identity.compare asks. The lookup's other ways (a stored date on the first
-- of a month, or a document's account of a coarser date, reach any date) are asked by key
-- alone, without pairs.
CREATE TEMP TABLE sought AS SELECT * FROM keyed WHERE new;
CREATE TEMP TABLE filed AS
WITH days AS (
  SELECT DISTINCT unnest([date - 1, date, date + 1, CAST(date_trunc('month', date) AS DATE),
                          CAST(date_trunc('year', date) AS DATE)]) AS day
  FROM (SELECT DISTINCT date FROM sought)
)
SELECT * FROM keyed
WHERE NOT new AND graph NOT IN (SELECT DISTINCT graph FROM sought) AND date IN (SELECT day FROM days);
CREATE TEMP TABLE pairs AS
WITH months AS (  -- each account under every month its span covers
  SELECT *, unnest(generate_series(CAST(date_trunc('month', lo) AS DATE), CAST(date_trunc('month', hi) AS DATE),
                                   INTERVAL 1 MONTH)) AS month
  FROM (SELECT * FROM filed UNION ALL SELECT * FROM sought)
),
found AS (
  SELECT s.event AS stored, b.event AS new
  FROM sought b CROSS JOIN (VALUES (-1), (0), (1)) w(d) JOIN filed s ON s.key = b.key AND s.date = b.date + w.d
  UNION
  SELECT s.event, b.event
  FROM months s JOIN months b ON s.key = b.key AND s.month = b.month
  WHERE NOT s.new AND b.new AND NOT (s.isday AND b.isday) AND s.lo <= b.hi AND b.lo <= s.hi
),
dates AS (SELECT DISTINCT event, type, date, isday, lo, hi FROM keyed)
SELECT f.stored, f.new,
       sd.date BETWEEN bd.date - 1 AND bd.date + 1 AS adjacent,
       c.a IS NOT NULL AND CASE WHEN bd.isday AND sd.isday THEN sd.date BETWEEN bd.date - 1 AND bd.date + 1
                                ELSE sd.lo <= bd.hi AND bd.lo <= sd.hi END AS fits
FROM found f JOIN dates sd ON sd.event = f.stored JOIN dates bd ON bd.event = f.new
LEFT JOIN compatible c ON c.a = sd.type AND c.b = bd.type
