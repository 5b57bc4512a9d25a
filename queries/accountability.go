package queries

import (
	"context"
	"database/sql"
	"fmt"

	"jixiao/data"
)

// DutyIndicator is one indicator a person answers for, with the bureau's
// points on it in the period (a year: summed over its quarters).
type DutyIndicator struct {
	IndicatorCode string  `json:"indicator_code"`
	Name          string  `json:"name"`
	Weight        float64 `json:"weight"`
	Earned        float64 `json:"earned"`
	Lost          float64 `json:"lost"`
	Missing       int     `json:"missing"`
}

// DutyRow is one person named for one bureau as its leader in charge or
// its responsible person (SPEC §13): the bureau's points on the person's
// indicators and the bureau's score, rank and grade in the period.
type DutyRow struct {
	Username   string          `json:"username"`
	Name       string          `json:"name"`
	UnitCode   string          `json:"unit_code"`
	UnitName   string          `json:"unit_name"`
	As         string          `json:"as"`
	Indicators []DutyIndicator `json:"indicators"`
	Weight     float64         `json:"weight"`
	Earned     float64         `json:"earned"`
	Lost       float64         `json:"lost"`
	Missing    int             `json:"missing"`
	UnitScore  *float64        `json:"unit_score"`
	UnitRank   *int            `json:"unit_rank"`
	UnitSize   *int            `json:"unit_size"`
	UnitGrade  *string         `json:"unit_grade"`
}

// nanos is a point value as whole nano-points, which sum exactly in any
// order (as losses.go sums them); points is its inverse rounded as §3.2.
func nanos(col string) string  { return "round(" + col + " * 1e9)::BIGINT" }
func points(col string) string { return half2(col + "::DOUBLE / 1e9") }

// accountabilitySQL: the responsibilities of the bureaus the scope sees
// as its own (named and in its subtree: results about people never reach
// peers), one row per person, bureau, role and indicator with a result in
// ords [?, ?]; the person's totals on every row. Binds: the scope's, the
// ord range, the period (scores).
func accountabilitySQL(vis string) string {
	return `WITH vr AS (SELECT r.unit_code, r.indicator_code, r.leader, r.owner FROM responsibilities r WHERE ` + vis + `),
named AS (
  SELECT unit_code, indicator_code, leader AS username, 'leader' AS role FROM vr WHERE leader IS NOT NULL
  UNION ALL
  SELECT unit_code, indicator_code, owner, 'owner' FROM vr WHERE owner IS NOT NULL),
rk AS (SELECT DISTINCT uk.id AS uid, ik.id AS iid FROM vr
        JOIN unit_keys uk ON uk.code = vr.unit_code JOIN indicator_keys ik ON ik.code = vr.indicator_code),
pts AS (
  SELECT rp.unit_code, rp.indicator_code, any_value(rp.name) AS name,
         sum(` + nanos("rp.weight") + `) AS w, sum(` + nanos("rp.earned") + `) AS e, sum(` + nanos("rp.lost") + `) AS l,
         count(*) FILTER (WHERE rp.missing) AS m
  FROM result_points rp JOIN rk ON rk.uid = rp.uid AND rk.iid = rp.iid
  WHERE rp.ord BETWEEN ? AND ? AND rp.ord IN (SELECT ord FROM periods)
  GROUP BY 1, 2),
per AS (SELECT n.username, n.role, n.unit_code, p.indicator_code, p.name, p.w, p.e, p.l, p.m
        FROM named n LEFT JOIN pts p ON p.unit_code = n.unit_code AND p.indicator_code = n.indicator_code),
tot AS (SELECT username, role, unit_code, coalesce(sum(w), 0) AS w, coalesce(sum(e), 0) AS e, coalesce(sum(l), 0) AS l,
               coalesce(sum(m), 0) AS m
        FROM per GROUP BY ALL)
SELECT t.username, coalesce(us.name, t.username), t.role, t.unit_code, un.name,
       ` + points("t.w") + `, ` + points("t.e") + `, ` + points("t.l") + `, t.m,
       sc.score::DOUBLE, sc.rank, sc.size, sc.grade,
       p.indicator_code, coalesce(p.name, ''), ` + points("p.w") + `, ` + points("p.e") + `, ` + points("p.l") + `, p.m
FROM tot t
JOIN units un ON un.code = t.unit_code
LEFT JOIN users us ON us.username = t.username
LEFT JOIN scores sc ON sc.unit_code = t.unit_code AND sc.period = ?
LEFT JOIN per p ON p.username = t.username AND p.role = t.role AND p.unit_code = t.unit_code AND p.indicator_code IS NOT NULL
ORDER BY t.l DESC, un.sort_key, t.role, t.username, p.l DESC, p.indicator_code
LIMIT 200000`
}

// Accountability is SPEC §13's GET /api/accountability?period=P (a quarter
// or a year): every person named for a bureau the scope sees as its own,
// with the points of their indicators, largest loss first. A malformed
// period is a ParamError; a period the scope does not see ErrNotFound.
func (s *Store) Accountability(ctx context.Context, sc Scope, period string) ([]DutyRow, error) {
	p, err := data.ParsePeriod(period)
	if err != nil {
		return nil, paramErr("period", "period must be a quarter such as 2025Q3 or a year such as 2025 / 期间须为季度或年度")
	}
	if err := s.mustSeePeriod(ctx, sc, period); err != nil {
		return nil, err
	}
	from, to := p.Year*4, p.Year*4+3
	if !p.IsYear() {
		from = p.Year*4 + p.Quarter - 1
		to = from
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	vis, args := sc.sees("r.unit_code", "", seeFlow)
	rows, err := s.db.QueryContext(ctx, accountabilitySQL(vis), append(args, from, to, period)...)
	if err != nil {
		return nil, fmt.Errorf("accountability: %w", err)
	}
	defer rows.Close()
	out := []DutyRow{}
	for rows.Next() {
		var r DutyRow
		var score sql.NullFloat64
		var rank, size sql.NullInt64
		var grade, code sql.NullString
		var in DutyIndicator
		var w, e, l sql.NullFloat64
		var m sql.NullInt64
		if err := rows.Scan(&r.Username, &r.Name, &r.As, &r.UnitCode, &r.UnitName, &r.Weight, &r.Earned, &r.Lost, &r.Missing,
			&score, &rank, &size, &grade, &code, &in.Name, &w, &e, &l, &m); err != nil {
			return nil, err
		}
		n := len(out)
		if n == 0 || out[n-1].Username != r.Username || out[n-1].UnitCode != r.UnitCode || out[n-1].As != r.As {
			if score.Valid {
				r.UnitScore = &score.Float64
			}
			r.UnitRank, r.UnitSize, r.UnitGrade = nullInt(rank), nullInt(size), nullStr(grade)
			r.Indicators = []DutyIndicator{}
			out = append(out, r)
			n++
		}
		if code.Valid {
			in.IndicatorCode, in.Weight, in.Earned, in.Lost, in.Missing = code.String, w.Float64, e.Float64, l.Float64, int(m.Int64)
			out[n-1].Indicators = append(out[n-1].Indicators, in)
		}
	}
	return out, rows.Err()
}
