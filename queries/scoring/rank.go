package scoring

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// rankWholeRows is the most score rows a rank into scores ranks in one
// statement (JIXIAO_RANK_WHOLE_ROWS, else 2,000,000). A larger one ranks
// its periods one by one, in order, each window and its rows small enough
// to stay in memory beside the staged values. Measured under the default
// memory limit (768MB), values imports of the demo: at scale 40 (39 M
// values, 2.87 M score rows) the rank at once spilled, 16.9 s wall and
// 16.4 s CPU, period by period 7.3 s and 9.4 s; at scale 30 (22 M values,
// 1.6 M rows) at once was faster (2.8 s against 6.2 s wall, 5.1 s against
// 6.3 s CPU), and at scale 20 (0.74 M rows) too. Tests set 1 to rank
// period by period.
func rankWholeRows() int64 {
	if n, err := strconv.ParseInt(os.Getenv("JIXIAO_RANK_WHOLE_ROWS"), 10, 64); err == nil && n > 0 {
		return n
	}
	return 2_000_000
}

// The previous ranks a rank compares with (sections prev_all and
// prev_period), and the key of a ranked row r they are matched on.
var (
	prevAll    = previous{rows: fragment("prev_all"), key: "(r.uid * 2 + r.is_year::INTEGER) * 16384 + r.ord"}
	prevPeriod = previous{rows: fragment("prev_period"), key: "r.unit_code"}
)

type previous struct{ rows, key string }

// in is section text q, its comments dropped, comparing with p.
func (p previous) in(q string) string {
	return strings.NewReplacer("$previous", p.rows, "$prevkey", p.key).Replace(strings.Join(splitStatements(q), ";\n"))
}

// fragment is section name of score.sql without its comments: a part of
// a statement, not one.
func fragment(name string) string {
	st := splitStatements(scoreSections[name])
	if len(st) != 1 {
		panic("scoring: section " + name + " is not one fragment")
	}
	return st[0]
}

// rank runs section rank (text q): every period of $ranked in one
// statement, or, ranking more than rankWholeRows rows into scores, one
// period after the other, each quarter after the one before it (its rank
// change reads that one's ranks from scores), each year after the year
// before.
func (sg Pass) rank(ctx context.Context, x Execer, q string, repl map[string]string) error {
	if sg.Scores == "scores" {
		periods, n, err := rankedPeriods(ctx, x, repl["$ranked"])
		if err != nil {
			return err
		}
		if n > rankWholeRows() && len(periods) > 1 {
			one := prevPeriod.in(q)
			for _, p := range periods {
				r := make(map[string]string, len(repl)+2)
				for k, v := range repl {
					r[k] = v
				}
				y, o := strconv.FormatBool(p.isYear), strconv.Itoa(p.ord)
				r["$ranked"] = "(SELECT * FROM temp.cand WHERE is_year = " + y + " AND ord = " + o + ")"
				r["$year"], r["$ord"] = y, o
				if err := run(ctx, x, "rank", one, r); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return run(ctx, x, "rank", prevAll.in(q), repl)
}

type rankedPeriod struct {
	isYear bool
	ord    int
}

// rankedPeriods lists the periods of the rows of ranked (quarters first,
// each kind in order) and counts the rows.
func rankedPeriods(ctx context.Context, x Execer, ranked string) ([]rankedPeriod, int64, error) {
	rows, err := x.QueryContext(ctx, "SELECT is_year, ord, count(*) FROM "+ranked+" GROUP BY is_year, ord ORDER BY is_year, ord")
	if err != nil {
		return nil, 0, fmt.Errorf("scoring: %w", err)
	}
	defer rows.Close()
	var out []rankedPeriod
	var total int64
	for rows.Next() {
		var p rankedPeriod
		var n int64
		if err := rows.Scan(&p.isYear, &p.ord, &n); err != nil {
			return nil, 0, fmt.Errorf("scoring: %w", err)
		}
		out = append(out, p)
		total += n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("scoring: %w", err)
	}
	return out, total, nil
}
