-- Quarters and years with their status; a year takes its least advanced quarter's.
CREATE VIEW v_periods AS
SELECT period, ord, false AS is_year, status FROM periods
UNION ALL
SELECT left(period, 4), min(ord) // 4, true,
       CASE WHEN bool_or(status = 'open') THEN 'open' WHEN bool_or(status = 'review') THEN 'review' ELSE 'final' END
FROM periods GROUP BY left(period, 4);
