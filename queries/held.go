package queries

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"jixiao/queries/scoring"
)

// held is what the hot reads (ranking, trend, breakdown, the visibility
// checks of every read) need, loaded from the stored tables once per data
// version: the units and the scores exactly as scoring stored them, and
// per scope the units and periods it sees, as decided in SQL by Scope.sees
// and Scope.periodSQL. Nothing is computed here — no formula, rank, grade
// or visibility rule: it is the stored answer kept at hand, so that a cold
// read costs a map lookup instead of a DuckDB scan (a scan of scores or
// unit_tree costs 1–6 ms, a map lookup a microsecond). A write moves the
// data version; the next read loads a new one, in one read transaction so
// that it is one consistent snapshot.
type held struct {
	version int64
	grading scoring.Grading // the bounds the version's grades were given by
	units   map[string]*heldUnit
	byUnit  map[string][]*heldScore       // a unit's rows ordered by ord, period
	byGroup map[heldGroupKey][]*heldScore // a group's rows of a period ordered by rank, sort_key
	adjust  map[heldGroupKey][]Adjustment // a unit's adjustments of a quarter, keyed (period, unit), by id
	byKey   map[heldGroupKey][]*heldScore // every row by (period, group; noGroup for the root), as read
	sums    heldSums                      // checksums of the stored rows (held_delta.go)
	// summaries are each group's summary over all its units, scoped the
	// summaries asked per scope (summary.go; scoped guarded by mu).
	summaries map[heldGroupKey]Summary
	scoped    map[scopedSummaryKey]Summary

	mu     sync.Mutex
	scopes map[string]*heldScope

	everyOnce sync.Once
	every     map[string]access

	// results is the checksum of what a breakdown shows beside the scores,
	// asked once, after the snapshot is read (held_carry.go).
	resultsOnce sync.Once
	resultsRead atomic.Bool // results was read (or found unknowable)
	results     string
}

type heldUnit struct {
	uid     int64
	code    string
	name    string
	grp     sql.NullString
	sortKey string
}

type heldGroupKey struct{ period, grp string }

// heldScore is one row of scores.
type heldScore struct {
	key        heldGroupKey // (period, grp or noGroup)
	period     string
	isYear     bool
	ord        int
	unit       *heldUnit
	score      float64
	base       sql.NullFloat64
	bonus      sql.NullFloat64
	penalty    sql.NullFloat64
	vetoed     bool
	sys        [6]sql.NullFloat64
	rank, size sql.NullInt64
	rankChange sql.NullInt64
	grade      sql.NullString
}

// heldScope is what one scope sees, as the SQL of scope.go answered it.
type heldScope struct {
	units   map[string]access // the most a unit is seen as: seeFlow ⊂ seeNamed ⊂ seeAny
	periods []PeriodStatus    // newest first, years after their quarters
	visible map[string]bool   // the same periods as a set
	all     bool              // the scope sees every unit named (Scope.All, or its subtree is the whole tree)
}

// sees reports whether the scope sees the unit as a requires.
func (hs *heldScope) sees(unit string, a access) bool {
	got, ok := hs.units[unit]
	if !ok {
		return false
	}
	switch a {
	case seeAny:
		return true
	case seeNamed:
		return got == seeNamed || got == seeFlow
	default:
		return got == seeFlow
	}
}

// everyUnit is what the widest scope sees: every stored unit, named and
// with its workflow items (Scope.sees with All).
func (h *held) everyUnit() map[string]access {
	h.everyOnce.Do(func() {
		h.every = make(map[string]access, len(h.units))
		for code := range h.units {
			h.every[code] = seeFlow
		}
	})
	return h.every
}

// maxHeldScopes bounds the scopes kept per data version; past it they are
// forgotten and recomputed.
const maxHeldScopes = 1024

// heldNow returns the held data of the current data version, loading it
// when a write moved the version since the last load.
func (s *Store) heldNow(ctx context.Context) (*held, error) {
	if h := pinned(ctx); h != nil {
		return h, nil
	}
	v, err := s.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	if h := s.heldCur.Load(); h != nil && h.version == v {
		return h, nil
	}
	s.heldLoad.Lock()
	defer s.heldLoad.Unlock()
	if h := s.heldCur.Load(); h != nil && h.version >= v {
		return h, nil
	}
	h, err := s.loadHeld(ctx)
	if err != nil {
		return nil, err
	}
	s.heldCur.Store(h)
	s.startLoadingResults()
	return h, nil
}

func (s *Store) loadHeld(ctx context.Context) (*held, error) {
	return s.inSnapshotTx(ctx, func(ctx context.Context, tx *sql.Tx, version int64) (*held, error) {
		h := &held{units: map[string]*heldUnit{}, byUnit: map[string][]*heldScore{}, byGroup: map[heldGroupKey][]*heldScore{},
			byKey: map[heldGroupKey][]*heldScore{}, adjust: map[heldGroupKey][]Adjustment{}, scopes: map[string]*heldScope{}}
		h.version = version
		var err error
		if h.grading, err = scoring.LoadGrading(ctx, tx); err != nil {
			return nil, err
		}
		if h.summaries, err = loadSummaries(ctx, tx); err != nil {
			return nil, err
		}
		rows, err := tx.QueryContext(ctx, `SELECT coalesce(k.id, 0), u.code, u.name, u.grp, coalesce(u.sort_key, u.code)
		FROM units u LEFT JOIN unit_keys k ON k.code = u.code`)
		if err != nil {
			return nil, fmt.Errorf("held units: %w", err)
		}
		for rows.Next() {
			u := &heldUnit{}
			if err := rows.Scan(&u.uid, &u.code, &u.name, &u.grp, &u.sortKey); err != nil {
				rows.Close()
				return nil, err
			}
			h.units[u.code] = u
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows, err = tx.QueryContext(ctx, `SELECT `+heldScoreCols+` FROM scores`)
		if err != nil {
			return nil, fmt.Errorf("held scores: %w", err)
		}
		if err := scanHeldScores(rows, h.units, h.add); err != nil {
			return nil, err
		}
		if err := h.loadAdjustments(ctx, tx); err != nil {
			return nil, err
		}
		for _, rs := range h.byUnit {
			sortByOrd(rs)
		}
		for _, rs := range h.byGroup {
			sortByRank(rs)
		}
		if h.sums, err = readHeldSums(ctx, tx); err != nil {
			return nil, err
		}
		return h, tx.Commit()
	})
}

// scope returns what sc sees in this data version, asking the SQL of
// scope.go the first time.
func (s *Store) heldScope(ctx context.Context, sc Scope) (*held, *heldScope, error) {
	h, err := s.heldNow(ctx)
	if err != nil {
		return nil, nil, err
	}
	key := sc.Key()
	h.mu.Lock()
	hs := h.scopes[key]
	h.mu.Unlock()
	if hs != nil {
		return h, hs, nil
	}
	hs, v, err := s.loadHeldScope(ctx, h, sc)
	if err != nil {
		return nil, nil, err
	}
	// A write landed meanwhile: answer from the new version. A pinned
	// snapshot keeps answering (its reader was told that who sees what did
	// not change since, see package reads), with the visibility read now.
	if v != h.version && pinned(ctx) == nil {
		return s.heldScope(ctx, sc)
	}
	h.mu.Lock()
	if len(h.scopes) >= maxHeldScopes {
		h.scopes = map[string]*heldScope{}
	}
	h.scopes[key] = hs
	h.mu.Unlock()
	return h, hs, nil
}

func (s *Store) loadHeldScope(ctx context.Context, h *held, sc Scope) (*heldScope, int64, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback() //nolint:errcheck // read only
	var v int64
	if err := tx.QueryRowContext(ctx, "SELECT v FROM data_version").Scan(&v); err != nil {
		return nil, 0, err
	}
	hs := &heldScope{units: map[string]access{}, visible: map[string]bool{}}
	// A scope that sees the whole tree named (the province's users) shares
	// one map of every unit instead of a copy of its own.
	wide, err := s.widest(ctx, sc)
	if err != nil {
		return nil, 0, err
	}
	q, args := sc.seenSQL()
	if wide.All {
		hs.all = true
		hs.units = h.everyUnit()
		q = "SELECT NULL, NULL, NULL WHERE false"
		args = nil
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("scope: %w", err)
	}
	for rows.Next() {
		var code string
		var named, flow bool
		if err := rows.Scan(&code, &named, &flow); err != nil {
			rows.Close()
			return nil, 0, err
		}
		switch {
		case flow:
			hs.units[code] = seeFlow
		case named:
			hs.units[code] = seeNamed
		default:
			hs.units[code] = seeAny
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	vp, pargs := sc.periodSQL()
	rows, err = tx.QueryContext(ctx, `WITH vp AS (`+vp+`) SELECT vp.period, vp.status FROM vp JOIN v_periods p USING (period)
		ORDER BY CASE WHEN p.is_year THEN p.ord * 4 + 3.5 ELSE p.ord END DESC`, pargs...)
	if err != nil {
		return nil, 0, fmt.Errorf("periods: %w", err)
	}
	defer rows.Close()
	hs.periods = []PeriodStatus{}
	for rows.Next() {
		var p PeriodStatus
		if err := rows.Scan(&p.Period, &p.Status); err != nil {
			return nil, 0, err
		}
		hs.periods = append(hs.periods, p)
		hs.visible[p.Period] = true
	}
	return hs, v, rows.Err()
}

// heldResults is every stored result row of one data version, the rows of
// a unit's quarter contiguous in the order of the breakdown. Loading them
// takes seconds on a 2.2 M-value province, so it runs in the background
// after a write, and a breakdown asked before it is done reads its rows
// with the same SQL (resultRowsSQL) for its unit and quarter alone.
type heldResults struct {
	version int64
	sum     string                   // heldSums.results of the version (whole loads only)
	spans   map[heldUnitOrd][2]int32 // rows[lo:hi] of a unit's quarter
	rows    []heldResult
	notes   []string // distinct notes; heldResult.note indexes them
}

type heldUnitOrd struct {
	uid int64
	ord int32
}

type heldResult struct {
	ind                  *heldIndicator
	actual               float64
	target, earned, lost float64
	note                 int32
	hasActual            bool
	missing, decided     bool
}

// heldIndicator is one version of an indicator, as the breakdown shows it.
type heldIndicator struct {
	code, name, system, unit, leadDept string
	weight                             float64
}

type heldIndKey struct {
	iid     int64
	version int32
}

// resultRowsSQL is the breakdown's rows: the stored results of the units
// and quarters where selects, each row's indicator as (iid, version), in
// the breakdown's order (by system, then indicator code).
func resultRowsSQL(where string) string {
	return `SELECT uid, ord, iid, version, actual, target, ` + half2("earned") + `, ` + half2("lost") + `, missing, decided, coalesce(note, '')
		FROM results WHERE ` + where + ` ORDER BY uid, ord, system, indicator_code`
}

// heldIndicators is every indicator version keyed by (iid, version).
func heldIndicators(ctx context.Context, x sqlExecer) (map[heldIndKey]*heldIndicator, error) {
	rows, err := x.QueryContext(ctx, `SELECT ik.id, i.version, i.code, i.name, i.system, coalesce(i.unit, ''), coalesce(i.lead_dept, ''), i.weight
		FROM indicators i JOIN indicator_keys ik ON ik.code = i.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[heldIndKey]*heldIndicator{}
	for rows.Next() {
		var k heldIndKey
		in := &heldIndicator{}
		if err := rows.Scan(&k.iid, &k.version, &in.code, &in.name, &in.system, &in.unit, &in.leadDept, &in.weight); err != nil {
			return nil, err
		}
		out[k] = in
	}
	return out, rows.Err()
}

// scanResults appends the rows of resultRowsSQL to hr, with their spans.
func scanResults(rows *sql.Rows, inds map[heldIndKey]*heldIndicator, hr *heldResults) error {
	noteIdx := map[string]int32{}
	for i, n := range hr.notes {
		noteIdx[n] = int32(i)
	}
	cur, lo := heldUnitOrd{uid: -1}, int32(0)
	for rows.Next() {
		var k heldUnitOrd
		var ik heldIndKey
		var actual sql.NullFloat64
		var note string
		r := heldResult{}
		if err := rows.Scan(&k.uid, &k.ord, &ik.iid, &ik.version, &actual, &r.target, &r.earned, &r.lost, &r.missing, &r.decided, &note); err != nil {
			return err
		}
		r.actual, r.hasActual = actual.Float64, actual.Valid
		if r.ind = inds[ik]; r.ind == nil {
			return fmt.Errorf("result of indicator %d version %d without its catalogue row", ik.iid, ik.version)
		}
		n, ok := noteIdx[note]
		if !ok {
			n = int32(len(hr.notes))
			hr.notes = append(hr.notes, note)
			noteIdx[note] = n
		}
		r.note = n
		if k != cur {
			if cur.uid >= 0 {
				hr.spans[cur] = [2]int32{lo, int32(len(hr.rows))}
			}
			cur, lo = k, int32(len(hr.rows))
		}
		hr.rows = append(hr.rows, r)
	}
	if cur.uid >= 0 {
		hr.spans[cur] = [2]int32{lo, int32(len(hr.rows))}
	}
	return rows.Err()
}

// loadResults reads the rows of where into a new heldResults (in one
// transaction, labelled with its data version and, for every row (where
// "true"), the checksum of the results).
func (s *Store) loadResults(ctx context.Context, where string, capHint int) (*heldResults, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // read only
	hr := &heldResults{spans: map[heldUnitOrd][2]int32{}, rows: make([]heldResult, 0, capHint), notes: []string{""}}
	if err := tx.QueryRowContext(ctx, "SELECT v FROM data_version").Scan(&hr.version); err != nil {
		return nil, err
	}
	if where == "true" {
		var err error
		if hr.sum, err = readResultsSum(ctx, tx); err != nil {
			return nil, err
		}
	}
	inds, err := heldIndicators(ctx, tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, resultRowsSQL(where))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if err := scanResults(rows, inds, hr); err != nil {
		return nil, err
	}
	return hr, tx.Commit()
}

// resultsOf returns the breakdown rows of a unit's quarter: from the held
// results of the current version when they are loaded (or of an earlier
// version whose results are the same: a write of scores or adjustments
// alone leaves them), else by their SQL alone (and the loading of all of
// them is started).
func (s *Store) resultsOf(ctx context.Context, h *held, uid int64, ord int) ([]IndicatorResult, error) {
	hr := s.heldRes.Load()
	if hr == nil || !hr.holds(s, h, false) {
		s.startLoadingResults()
		// The unit's integer id and the quarter's ordinal as integer
		// literals (numbers held by this process, never user text): DuckDB
		// pushes a literal, not a bind argument, into the scans.
		var err error
		hr, err = s.loadResults(ctx, "uid = "+strconv.FormatInt(uid, 10)+" AND ord = "+strconv.Itoa(ord), 64)
		if err != nil {
			return nil, fmt.Errorf("breakdown: %w", err)
		}
	}
	return hr.of(uid, ord), nil
}

// holds reports whether hr holds h's results: read at h's version, or
// with the same checksum of the results. A request does not wait for the
// checksum (wait false: until the read door or the background load has
// read it, a breakdown reads its rows by SQL); the background load asks
// it of s (wait true).
func (hr *heldResults) holds(s *Store, h *held, wait bool) bool {
	if hr.version == h.version {
		return true
	}
	sum := h.knownResults()
	if wait {
		sum = s.resultsSum(h)
	}
	return hr.sum != "" && hr.sum == sum
}

// of is the breakdown rows of a unit's quarter.
func (hr *heldResults) of(uid int64, ord int) []IndicatorResult {
	sp, ok := hr.spans[heldUnitOrd{uid, int32(ord)}]
	out := make([]IndicatorResult, 0, sp[1]-sp[0])
	if !ok {
		return out
	}
	for _, r := range hr.rows[sp[0]:sp[1]] {
		in := r.ind
		ir := IndicatorResult{Code: in.code, Name: in.name, System: in.system, Unit: in.unit, LeadDept: in.leadDept, Weight: in.weight,
			Target: r.target, Earned: r.earned, Lost: r.lost, Missing: r.missing, Decided: r.decided, Note: hr.notes[r.note]}
		if r.hasActual {
			a := r.actual
			ir.Actual = &a
		}
		out = append(out, ir)
	}
	return out
}

// resultsSettle is how long a data version must stay current before its
// result rows are loaded.
const resultsSettle = 300 * time.Millisecond

// startLoadingResults loads the result rows of the current data version
// in the background, once the version has stayed current for
// resultsSettle (a burst of writes — a batch of appeal steps, a test —
// then costs one load, not one per write). One load runs at a time; it
// goes on until the rows of the newest held version are loaded.
func (s *Store) startLoadingResults() {
	if !s.resLoading.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.resLoading.Store(false)
		seen := int64(-1)
		for {
			time.Sleep(resultsSettle)
			h := s.heldCur.Load()
			if h == nil || s.closed.Load() {
				return
			}
			if hr := s.heldRes.Load(); hr != nil && (hr.version >= h.version || hr.holds(s, h, true)) {
				return // loaded, or the results did not change
			}
			if h.version != seen { // moved during the wait: let it settle
				seen = h.version
				continue
			}
			var n int
			ctx, cancel := context.WithTimeout(s.bg, 5*time.Minute)
			_ = s.db.QueryRowContext(ctx, "SELECT count(*) FROM result_rows").Scan(&n)
			hr, err := s.loadResults(ctx, "true", n)
			cancel()
			if err != nil {
				return // breakdowns keep reading their rows by SQL
			}
			if cur := s.heldRes.Load(); cur == nil || cur.version < hr.version {
				s.heldRes.Store(hr)
			}
		}
	}()
}

// loadAdjustments holds every adjustment by (period, unit), in id order.
func (h *held) loadAdjustments(ctx context.Context, x sqlExecer) error {
	rows, err := x.QueryContext(ctx, adjustmentsSQL)
	if err != nil {
		return fmt.Errorf("held adjustments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k heldGroupKey
		a, err := scanAdjustment(rows, &k.grp, &k.period)
		if err != nil {
			return err
		}
		h.adjust[k] = append(h.adjust[k], a)
	}
	return rows.Err()
}
