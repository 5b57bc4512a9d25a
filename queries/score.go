package queries

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

//go:embed score.sql
var scoreSQL string

// Grading holds the settings of SPEC §3.5. They live in the settings table
// (keys grade.ratio, grade.excellent, grade.good, grade.pass, grade.quota_rounding).
type Grading struct {
	Ratio         float64 // share of a group that may be excellent
	Excellent     float64 // minimum rounded score for excellent
	Good          float64
	Pass          float64
	QuotaRounding string // half_up, ceiling or floor
}

// DefaultGrading is SPEC §3.5.
var DefaultGrading = Grading{Ratio: 0.2, Excellent: 90, Good: 80, Pass: 60, QuotaRounding: "half_up"}

func (g Grading) quotaExpr() string {
	r := strconv.FormatFloat(g.Ratio, 'f', -1, 64)
	// DECIMAL keeps n × ratio exact, so that 15 × 0.2 is 3 and not 3.0000000000000004.
	n := "(r.size * " + r + "::DECIMAL(9,6))"
	switch g.QuotaRounding {
	case "ceiling":
		return "ceil" + n
	case "floor":
		return "floor" + n
	}
	return "floor(" + n + " + 0.5)"
}

// scoreSections are the named sections of score.sql ("-- @name" lines).
var scoreSections = func() map[string]string {
	out := map[string]string{}
	name := ""
	for _, l := range strings.SplitAfter(scoreSQL, "\n") {
		if strings.HasPrefix(l, "-- @") {
			name = strings.TrimSpace(strings.TrimPrefix(l, "-- @"))
			continue
		}
		out[name] += l
	}
	return out
}()

// Which sections of score.sql a scoring runs, in order.
var (
	// every open period from the ledger
	fullScoring = []string{"frozen", "live", "prep", "agg", "results", "missing", "cand", "years", "replace", "rank", "cleanup"}
	// only adjustments changed: score, rank and grade from the stored base
	adjustmentScoring = []string{"frozen", "live", "agg_stored", "cand", "years", "replace", "rank", "cleanup"}
	// the results of quarters in temp.live into result_rows (frozen quarters, once)
	resultsOnly = []string{"prep", "agg", "results", "missing", "cleanup"}
	// one quarter in temp.live into temp tables (ScoreScenario): scores only
	scenarioScoring = []string{"frozen", "prep", "agg", "cand", "rank", "cleanup"}
)

// sectionIf holds the sections of score.sql that run only when a query
// says so: DuckDB would build its hash tables for nothing otherwise.
var sectionIf = map[string]string{
	"missing": "SELECT EXISTS (SELECT 1 FROM temp.changed WHERE missing > 0)",
}

// scoring names what one run of score.sql reads and writes.
type scoring struct {
	sections []string
	ledger   string // the ledger rows scored (k, actual, target)
	versions string // each class's versions (shaped like class_ind)
	results  string // where result rows go (shaped like result_rows)
	sigs     string // the signatures of the result rows' units and quarters (result_sigs)
	scores   string // where score rows go (shaped like scores)
	units    string // the units scored (shaped like unit_class); "" = every unit
}

func (sg scoring) run(ctx context.Context, x sqlExecer, g Grading) error {
	units := sg.units
	if units == "" {
		units = "unit_class"
	}
	repl := map[string]string{
		"$ledger": sg.ledger, "$versions": sg.versions, "$results": sg.results, "$sigs": sg.sigs, "$scores": sg.scores, "$units": units,
		"$quota": g.quotaExpr(),
		"$exc":   strconv.FormatFloat(g.Excellent, 'f', -1, 64),
		"$good":  strconv.FormatFloat(g.Good, 'f', -1, 64),
		"$pass":  strconv.FormatFloat(g.Pass, 'f', -1, 64),
	}
	for _, sec := range sg.sections {
		if cond, ok := sectionIf[sec]; ok {
			var yes bool
			if err := x.QueryRowContext(ctx, cond).Scan(&yes); err != nil {
				return fmt.Errorf("scoring: %w", err)
			}
			if !yes {
				continue
			}
		}
		q, ok := scoreSections[sec]
		if !ok {
			return fmt.Errorf("scoring: no section %s", sec)
		}
		for k, v := range repl {
			q = strings.ReplaceAll(q, k, v)
		}
		for _, stmt := range splitStatements(q) {
			t0 := time.Now()
			_, err := x.ExecContext(ctx, stmt)
			traceSQL(stmt, t0)
			if err != nil {
				return fmt.Errorf("scoring: %w\n%s", err, firstLine(stmt))
			}
		}
	}
	return nil
}

const ledgerRows = "ledger_k"

// stored is the scoring into result_rows and scores.
func stored(sections []string, ledger string) scoring {
	return scoring{sections: sections, ledger: ledger, versions: "class_ind", results: "result_rows", sigs: "result_sigs", scores: "scores"}
}

// rescore recomputes every score that is not frozen, inside the caller's transaction.
func rescore(ctx context.Context, x sqlExecer, g Grading) error {
	return rescoreWith(ctx, x, g, "")
}

// rescoreWith is rescore with the rows of temp table pending (k, actual,
// target) scored as if they were in the ledger already. An
// import adds its values after scoring: DuckDB scans a transaction's own
// new rows on one thread, committed ones in parallel. pending "adjustments"
// means only adjustments changed: the stored bases are kept.
func rescoreWith(ctx context.Context, x sqlExecer, g Grading, pending string) error {
	switch pending {
	case noRescore:
		return nil
	case "":
		return stored(fullScoring, ledgerRows).run(ctx, x, g)
	case onlyAdjustments:
		// unless a quarter has no stored results yet (an adjustment may
		// open a new quarter, where every applicable indicator is missing)
		var fresh bool
		if err := x.QueryRowContext(ctx, `SELECT EXISTS (SELECT ord FROM periods WHERE status <> 'final'
			EXCEPT SELECT DISTINCT ord FROM result_rows)`).Scan(&fresh); err != nil {
			return err
		}
		if !fresh {
			return stored(adjustmentScoring, "").run(ctx, x, g)
		}
		return stored(fullScoring, ledgerRows).run(ctx, x, g)
	}
	return stored(fullScoring, "(SELECT k, actual, target FROM ledger_k UNION ALL SELECT k, actual, target FROM "+pending+")").run(ctx, x, g)
}

// onlyAdjustments is the pending of a write that changes adjustments only.
const onlyAdjustments = "adjustments"

// noRescore is the pending of a write that changes no score (an import of
// responsibilities).
const noRescore = "-"

// fillFrozenResults writes the result rows of the final quarters, once (a
// store scored before results were stored); later scoring never rewrites them.
func fillFrozenResults(ctx context.Context, x sqlExecer) error {
	if _, err := x.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE live AS SELECT ord FROM periods WHERE status = 'final'`); err != nil {
		return err
	}
	return stored(resultsOnly, ledgerRows).run(ctx, x, DefaultGrading)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return s
}

// splitStatements splits a SQL script at semicolons that end a line.
func splitStatements(script string) []string {
	var out []string
	for _, part := range strings.Split(script, ";\n") {
		lines := []string{}
		for _, l := range strings.Split(part, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "--") {
				continue
			}
			lines = append(lines, l)
		}
		if s := strings.TrimSpace(strings.Join(lines, "\n")); s != "" {
			out = append(out, strings.TrimSuffix(s, ";"))
		}
	}
	return out
}

// LoadGrading reads the grading settings, falling back to the defaults.
func (s *Store) LoadGrading(ctx context.Context) (Grading, error) {
	return loadGrading(ctx, s.db)
}

func loadGrading(ctx context.Context, db queryer) (Grading, error) {
	g := DefaultGrading
	rows, err := db.QueryContext(ctx, "SELECT key, value FROM settings WHERE key LIKE 'grade.%'")
	if err != nil {
		return g, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return g, err
		}
		f, ferr := strconv.ParseFloat(v, 64)
		switch k {
		case "grade.ratio":
			if ferr == nil && f >= 0 && f <= 1 {
				g.Ratio = f
			}
		case "grade.excellent":
			if ferr == nil {
				g.Excellent = f
			}
		case "grade.good":
			if ferr == nil {
				g.Good = f
			}
		case "grade.pass":
			if ferr == nil {
				g.Pass = f
			}
		case "grade.quota_rounding":
			if v == "half_up" || v == "ceiling" || v == "floor" {
				g.QuotaRounding = v
			}
		}
	}
	return g, rows.Err()
}

// half2 is SPEC §3.2's rounding of a DOUBLE expression for display and
// JSON: to 6 decimals first, then half-up to 2 in DECIMAL arithmetic (a
// DOUBLE round alone turns 1.005 into 1.00). What DECIMAL(18,6) cannot
// hold (non-finite, beyond 1e12) stays as it is.
func half2(expr string) string {
	return "(CASE WHEN abs(" + expr + ") < 1e12 THEN round(round(" + expr + ", 6)::DECIMAL(18,6), 2)::DOUBLE ELSE " + expr + " END)"
}

// SetSetting stores one setting and recomputes scores, for grading changes.
func (s *Store) SetSetting(ctx context.Context, user, key, value string) error {
	return s.writeConn(ctx, func(c sqlExecer) error {
		if _, err := c.ExecContext(ctx, "INSERT OR REPLACE INTO settings VALUES (?, ?)", key, value); err != nil {
			return err
		}
		return auditX(ctx, c, user, "setting", key, value)
	})
}

// traceSQL logs slow statements when JIXIAO_TRACE is set, for tuning,
// with the process's resident set after each.
func traceSQL(stmt string, t0 time.Time) {
	if os.Getenv("JIXIAO_TRACE") == "" {
		return
	}
	rss := ""
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "VmRSS:") {
				rss = strings.Join(strings.Fields(strings.TrimPrefix(l, "VmRSS:")), " ")
			}
		}
	}
	fmt.Fprintf(os.Stderr, "%8.1f ms  rss %s  %s\n", float64(time.Since(t0).Microseconds())/1000, rss, firstLine(stmt))
}
