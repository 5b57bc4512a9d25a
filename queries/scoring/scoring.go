// Package scoring is SPEC §3's scoring: the statements of score.sql, run
// over the ledger inside the caller's transaction, and the grading
// settings they read. It knows no store: the store's write path (package
// queries) calls Rescore in every write's transaction, the what-if runs a
// Pass of its own into temp tables. It imports nothing of jixiao.
package scoring

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
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
	fullScoring = []string{"frozen", "live", "prep", "agg", "results", "rows_some", "rows_all", "missing_mask", "missing", "cand", "years", "replace", "rank", "cleanup"}
	// the same for a write of values: score rows written for the periods
	// whose result rows changed (temp.dirty) only
	valuesScoring = []string{"frozen", "live", "untouched", "prep", "agg", "results", "rows_some", "rows_all", "missing_mask", "missing",
		"dirty", "agg_kept", "cand", "years", "replace_dirty", "rank", "cleanup"}
	// only adjustments changed: score, rank and grade from the stored base
	adjustmentScoring = []string{"frozen", "live", "agg_stored", "cand", "years", "replace", "rank", "cleanup"}
	// the same for the units of Pass.Units only (whole peer groups)
	adjustedGroupsScoring = []string{"frozen", "live", "agg_stored", "cand", "years", "replace_units", "rank", "cleanup"}
	// the results of quarters in temp.live into result_rows (frozen quarters, once)
	resultsOnly = []string{"prep", "agg", "results", "rows_some", "rows_all", "missing_mask", "missing", "cleanup"}
	// one quarter in temp.live into temp tables (ScoreScenario): scores only
	scenarioScoring = []string{"frozen", "prep", "agg", "cand", "rank", "cleanup"}
)

// sectionIf holds the sections of score.sql that run only when a query
// says so: DuckDB would build its hash tables for nothing otherwise.
var sectionIf = map[string]string{
	"rows_some":    "SELECT " + changedRows + " <> (SELECT count(*) FROM temp.agg) AND " + changedRows + " > 0",
	"rows_all":     "SELECT " + changedRows + " = (SELECT count(*) FROM temp.agg) AND " + changedRows + " > 0",
	"missing_mask": "SELECT EXISTS (SELECT 1 FROM temp.changed WHERE missing > 0) AND " + fitsMask,
	"missing":      "SELECT EXISTS (SELECT 1 FROM temp.changed WHERE missing > 0) AND NOT " + fitsMask,
	"agg_kept":     "SELECT EXISTS (SELECT 1 FROM temp.untouched) AND EXISTS (SELECT 1 FROM temp.dirty)",
}

// rankDirty makes the rank rank the rows of temp.dirty's periods and
// compare with the stored rows of the others; when every period of
// temp.cand is in temp.dirty (a first import) it reads temp.cand whole,
// without filtering it.
func rankDirty(ctx context.Context, x Execer, repl map[string]string) error {
	var all bool
	if err := x.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM temp.cand
		WHERE is_year::INTEGER * 16384 + ord NOT IN (SELECT dk FROM temp.dirty))`).Scan(&all); err != nil {
		return fmt.Errorf("scoring: %w", err)
	}
	repl["$ranked"] = "(SELECT * FROM temp.cand WHERE is_year::INTEGER * 16384 + ord IN (SELECT dk FROM temp.dirty))"
	if all {
		repl["$ranked"] = rankedAll
	}
	repl["$kept"] = "s.is_year::INTEGER * 16384 + s.ord NOT IN (SELECT dk FROM temp.dirty)"
	return nil
}

// changedRows counts the units and quarters scored whose rows changed:
// whenever one did, exactly one of rows_some and rows_all runs.
const changedRows = "(SELECT count(*) FROM temp.changed WHERE sig IS NOT NULL)"

// fitsMask says that every class has at most 64 versions in a quarter
// scored: the bit positions of temp.cip fit agg's mask.
const fitsMask = "coalesce((SELECT max(pos) FROM temp.cip), 0) < 64"

// Execer is what a pinned connection and a transaction offer.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Queryer is what LoadGrading reads with (a *sql.DB, a transaction).
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Pass names what one run of score.sql reads and writes.
type Pass struct {
	Sections []string
	Ledger   string // the ledger rows scored (k, actual, target)
	Pending  string // those a write of values adds (section untouched)
	Versions string // each class's versions (shaped like class_ind)
	Results  string // where result rows go (shaped like result_rows)
	Sigs     string // the signatures of the result rows' units and quarters (result_sigs)
	Scores   string // where score rows go (shaped like scores)
	Units    string // the units scored (shaped like unit_class); "" = every unit
	// Dirty: rank and write the periods of temp.dirty only (section
	// dirty), the other stored score rows stay
	Dirty bool
}

// Run runs the pass's sections of score.sql in x with the grading g.
func (sg Pass) Run(ctx context.Context, x Execer, g Grading) error {
	units := sg.Units
	if units == "" {
		units = "unit_class"
	}
	repl := map[string]string{
		"$ledger": sg.Ledger, "$pending": sg.Pending, "$versions": sg.Versions, "$results": sg.Results, "$sigs": sg.Sigs, "$scores": sg.Scores, "$units": units,
		"$ranked": rankedAll, "$kept": keptFrozen,
		"$quota": g.quotaExpr(),
		"$exc":   strconv.FormatFloat(g.Excellent, 'f', -1, 64),
		"$good":  strconv.FormatFloat(g.Good, 'f', -1, 64),
		"$pass":  strconv.FormatFloat(g.Pass, 'f', -1, 64),
	}
	for _, sec := range sg.Sections {
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
		if sec == "rank" {
			if sg.Dirty {
				if err := rankDirty(ctx, x, repl); err != nil {
					return err
				}
			}
			if err := sg.rank(ctx, x, q, repl); err != nil {
				return err
			}
			continue
		}
		if err := run(ctx, x, sec, q, repl); err != nil {
			return err
		}
	}
	return nil
}

// run runs the statements of section sec, text q, with the placeholders
// of repl replaced (in the statements, not in their comments).
func run(ctx context.Context, x Execer, sec, q string, repl map[string]string) error {
	for _, stmt := range splitStatements(q) {
		for k, v := range repl {
			stmt = strings.ReplaceAll(stmt, k, v)
		}
		t0 := time.Now()
		var err error
		if explained(sec) {
			err = execExplained(ctx, x, sec, stmt)
		} else {
			_, err = x.ExecContext(ctx, stmt)
		}
		Trace(stmt, t0)
		if err != nil {
			return fmt.Errorf("scoring: %w\n%s", err, firstLine(stmt))
		}
	}
	return nil
}

// The rows a rank ranks and the stored ones it compares with, in a full
// scoring.
const (
	rankedAll  = "temp.cand"
	keptFrozen = "s.period IN (SELECT period FROM temp.frozen)"
)

// LedgerRows is the ledger as score.sql reads it (k, actual, target).
const LedgerRows = "ledger_k"

// stored is the scoring into result_rows and scores.
func stored(sections []string, ledger string) Pass {
	return Pass{Sections: sections, Ledger: ledger, Versions: "class_ind", Results: "result_rows", Sigs: "result_sigs", Scores: "scores"}
}

// Scenario is the pass of a what-if (ScoreScenario): one quarter in
// temp.live, with the versions of versions, into the temp table scores;
// scores only, no result rows.
func Scenario(versions, scores string) Pass {
	return Pass{Sections: scenarioScoring, Ledger: LedgerRows, Versions: versions, Scores: scores}
}

// Rescore recomputes every score that is not frozen, inside the caller's
// transaction, with the rows of temp table pending (k, actual, target)
// scored as if they were in the ledger already ("" for none). An
// import adds its values after scoring: DuckDB scans a transaction's own
// new rows on one thread, committed ones in parallel; the score rows of
// the periods whose result rows did not change stay (section dirty), and
// the quarters the import does not touch keep their result rows and give
// their bases from the stored scores (sections untouched, agg_kept).
// pending OnlyAdjustments means only adjustments changed: the stored bases
// are kept; AdjustmentsOf(rel), only those of rel's units and their peer
// groups; NoRescore scores nothing. A partial pass runs only while the
// stored grades were ranked with g (table scored_with); else every open
// period is ranked again.
func Rescore(ctx context.Context, x Execer, g Grading, pending string) error {
	switch pending {
	case NoRescore:
		return nil
	case "":
		return rankedAllWith(ctx, x, g, stored(fullScoring, LedgerRows))
	case OnlyAdjustments:
		fresh, err := freshQuarter(ctx, x)
		if err != nil || fresh {
			return orFull(ctx, x, g, err)
		}
		return rankedAllWith(ctx, x, g, stored(adjustmentScoring, ""))
	}
	if rel, ok := strings.CutPrefix(pending, adjustedPrefix); ok {
		fresh, err := freshQuarter(ctx, x)
		if err != nil || fresh {
			return orFull(ctx, x, g, err)
		}
		same, err := rankedWith(ctx, x, g)
		if err != nil || !same {
			return orFull(ctx, x, g, err)
		}
		return adjustedGroups(ctx, x, g, rel)
	}
	// A write of values changes result rows, nothing else a score depends
	// on: the periods whose result rows did not change keep their scores,
	// unless the grading changed since they were ranked.
	ledger := "(SELECT k, actual, target FROM ledger_k UNION ALL SELECT k, actual, target FROM " + pending + ")"
	same, err := rankedWith(ctx, x, g)
	if err != nil {
		return err
	}
	if !same {
		return rankedAllWith(ctx, x, g, stored(fullScoring, ledger))
	}
	p := stored(valuesScoring, ledger)
	p.Dirty, p.Pending = true, pending
	return p.Run(ctx, x, g)
}

// rankedWith says whether the stored grades were ranked with g.
func rankedWith(ctx context.Context, x Execer, g Grading) (bool, error) {
	var same bool
	if err := x.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM scored_with WHERE grading = ?)`, g.String()).Scan(&same); err != nil {
		return false, fmt.Errorf("scoring: %w", err)
	}
	return same, nil
}

// rankedAllWith runs p, which ranks every open period, and records g as
// the grading of the stored grades (table scored_with).
func rankedAllWith(ctx context.Context, x Execer, g Grading, p Pass) error {
	if err := p.Run(ctx, x, g); err != nil {
		return err
	}
	if _, err := x.ExecContext(ctx, `DELETE FROM scored_with; INSERT INTO scored_with VALUES (?)`, g.String()); err != nil {
		return fmt.Errorf("scoring: %w", err)
	}
	return nil
}

// String is the grading as scored_with records it.
func (g Grading) String() string {
	return fmt.Sprintf("ratio=%v excellent=%v good=%v pass=%v rounding=%s", g.Ratio, g.Excellent, g.Good, g.Pass, g.QuotaRounding)
}

// freshQuarter says whether an open quarter has no stored results yet (an
// adjustment may open a new quarter, where every applicable indicator is
// missing): a write of adjustments then scores in full.
func freshQuarter(ctx context.Context, x Execer) (bool, error) {
	var fresh bool
	err := x.QueryRowContext(ctx, `SELECT EXISTS (SELECT ord FROM periods WHERE status <> 'final'
		EXCEPT SELECT DISTINCT ord FROM result_rows)`).Scan(&fresh)
	return fresh, err
}

// orFull is err, or else a full scoring (which records g).
func orFull(ctx context.Context, x Execer, g Grading, err error) error {
	if err != nil {
		return err
	}
	return rankedAllWith(ctx, x, g, stored(fullScoring, LedgerRows))
}

// adjustedGroups scores again, from the stored bases, the units of rel
// (a relation with a column unit_code) and every unit of their peer
// groups, in every period not frozen. A unit's scores depend on its own
// bases and adjustments, its ranks and grades on its group's scores in
// the same period, its rank change on its own previous rank: the scores
// of every other group stay as they are.
func adjustedGroups(ctx context.Context, x Execer, g Grading, rel string) error {
	if _, err := x.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE adjusted_units AS
		WITH t AS (SELECT uid, gid FROM unit_class WHERE code IN (SELECT unit_code FROM `+rel+`))
		SELECT * FROM unit_class WHERE uid IN (SELECT uid FROM t) OR gid IN (SELECT gid FROM t)`); err != nil {
		return fmt.Errorf("scoring: %w", err)
	}
	p := stored(adjustedGroupsScoring, "")
	p.Units = "temp.adjusted_units"
	if err := p.Run(ctx, x, g); err != nil {
		return err
	}
	_, err := x.ExecContext(ctx, "DROP TABLE temp.adjusted_units")
	return err
}

// AdjustmentsOf is the pending of a write that changes the adjustments of
// the units of relation rel (a column unit_code) only: their peer groups
// are scored again from the stored bases, the other scores stay.
func AdjustmentsOf(rel string) string { return adjustedPrefix + rel }

const adjustedPrefix = "adjustments of "

// OnlyAdjustments is the pending of a write that changes adjustments only.
const OnlyAdjustments = "adjustments"

// NoRescore is the pending of a write that changes no score (an import of
// responsibilities).
const NoRescore = "-"

// FillFrozenResults writes the result rows of the final quarters, once (a
// store scored before results were stored); later scoring never rewrites them.
func FillFrozenResults(ctx context.Context, x Execer) error {
	if _, err := x.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE live AS SELECT ord FROM periods WHERE status = 'final'`); err != nil {
		return err
	}
	return stored(resultsOnly, LedgerRows).Run(ctx, x, DefaultGrading)
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
func LoadGrading(ctx context.Context, db Queryer) (Grading, error) {
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

// Trace logs slow statements when JIXIAO_TRACE is set, for tuning,
// with the process's CPU time since the line before and its resident set
// after each: the scoring's statements,
// and the store's commits and imports.
func Trace(stmt string, t0 time.Time) {
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
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Fprintf(os.Stderr, "%8.1f ms  cpu %7.1f ms  rss %s  %s\n", float64(time.Since(t0).Microseconds())/1000,
		float64((cpu-time.Duration(lastCPU.Swap(int64(cpu)))).Microseconds())/1000, rss, firstLine(stmt))
}

// lastCPU is the process's CPU time at the last Trace: each line says the
// CPU time spent since the one before (all threads, DuckDB's included).
var lastCPU atomic.Int64
