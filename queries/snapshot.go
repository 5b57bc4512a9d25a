package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
)

// ErrSnapshotMiss is a read the snapshot cannot answer exactly (data it
// does not model, such as a NULL the SQL would fail on): the caller asks
// the Store instead, whose SQL is the reference.
var ErrSnapshotMiss = errors.New("snapshot: not answerable, use the SQL path")

// Snapshot is an in-memory read model of one data version: the unit tree,
// the period statuses, every score row, the applicable indicators and the
// ledger values. Rankings, trends, breakdowns and losses are answered from
// it in Go, applying the same Scope rules as the SQL reads (scope.go), so
// that a cold read costs microseconds instead of a DuckDB query. It is
// read-only once loaded and safe for concurrent use.
type Snapshot struct {
	version int64

	units     []snapUnit
	unitIdx   map[string]int32
	ancestors map[string][]string // unit_tree: descendant -> ancestors (any distance)
	descends  map[string][]string // unit_tree: ancestor -> distinct descendants

	periods  map[string]string // v_periods: period -> status
	quarters map[string]int32  // periods: quarter -> ord

	scores  []snapScore
	byUnit  map[string][]int32 // unit_code -> score rows by ord, period
	byGroup map[string][]int32 // period \x00 grp -> score rows

	attrs    []snapAttr
	appl     map[string][]snapAppl // applicable rows of a unit_code, by system, indicator_code
	ledger   []snapValue           // by k
	notes    []string
	resultOK bool // the results rows are modelled exactly (see loadResults)

	lossRows map[int32]*ordRows // quarter ord -> results rows for losses

	adjust map[string][]Adjustment // unit \x00 period -> adjustments by id
}

type snapUnit struct {
	code, name string
	grp        sql.NullString
	sortKey    sql.NullString
}

type snapScore struct {
	period     string
	isYear     bool
	ord        int32
	unit       string
	grp        sql.NullString
	vetoed     bool
	score      float64
	base       sql.NullFloat64
	bonus      sql.NullFloat64
	penalty    sql.NullFloat64
	sys        [6]sql.NullFloat64
	rank       sql.NullInt64
	size       sql.NullInt64
	rankChange sql.NullInt64
	grade      sql.NullString
}

// snapAttr is one indicator version's attributes as applicable holds them
// (the same for every unit it applies to, so they are shared).
type snapAttr struct {
	code, name, system, displayUnit, leadDept, rule, direction string
	weight, target, floor                                      float64
	floorNull                                                  bool
	id                                                         int32 // index in Snapshot.attrs
}

type snapAppl struct {
	attr     int32
	from, to int32
	kbase    int64
	lo, hi   int32 // the ledger rows of keys kbase+from … kbase+to
}

// snapValue is one ledger row.
type snapValue struct {
	k         int64
	actual    float64
	target    float64
	note      int32 // index in notes; -1 = NULL
	hasTarget bool
	decided   bool
}

// Version is the data version the snapshot holds.
func (sn *Snapshot) Version() int64 { return sn.version }

// LoadSnapshot reads the read model of the current data version, in one
// transaction so that every table is seen at the same version.
func (s *Store) LoadSnapshot(ctx context.Context) (*Snapshot, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	sn := &Snapshot{}
	if err := tx.QueryRowContext(ctx, "SELECT v FROM data_version").Scan(&sn.version); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	for _, step := range []func(context.Context, *sql.Tx) error{
		sn.loadUnits, sn.loadTree, sn.loadPeriods, sn.loadScores, sn.loadResults, sn.loadAdjustments,
	} {
		if err := step(ctx, tx); err != nil {
			return nil, fmt.Errorf("snapshot: %w", err)
		}
	}
	sn.buildLossRows()
	return sn, nil
}

// each runs q and calls fn for every row, with rows ready to Scan.
func each(ctx context.Context, tx *sql.Tx, q string, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (sn *Snapshot) loadUnits(ctx context.Context, tx *sql.Tx) error {
	sn.unitIdx = map[string]int32{}
	return each(ctx, tx, "SELECT code, name, grp, sort_key FROM units", func(rows *sql.Rows) error {
		var u snapUnit
		if err := rows.Scan(&u.code, &u.name, &u.grp, &u.sortKey); err != nil {
			return err
		}
		sn.unitIdx[u.code] = int32(len(sn.units))
		sn.units = append(sn.units, u)
		return nil
	})
}

func (sn *Snapshot) loadTree(ctx context.Context, tx *sql.Tx) error {
	sn.ancestors, sn.descends = map[string][]string{}, map[string][]string{}
	seen := map[[2]string]bool{}
	return each(ctx, tx, "SELECT ancestor, descendant FROM unit_tree", func(rows *sql.Rows) error {
		var a, d string
		if err := rows.Scan(&a, &d); err != nil {
			return err
		}
		if seen[[2]string{a, d}] {
			return nil // IN (…) semantics: a pair counts once
		}
		seen[[2]string{a, d}] = true
		sn.ancestors[d] = append(sn.ancestors[d], a)
		sn.descends[a] = append(sn.descends[a], d)
		return nil
	})
}

func (sn *Snapshot) loadPeriods(ctx context.Context, tx *sql.Tx) error {
	sn.periods, sn.quarters = map[string]string{}, map[string]int32{}
	if err := each(ctx, tx, "SELECT period, status FROM v_periods", func(rows *sql.Rows) error {
		var p, st string
		if err := rows.Scan(&p, &st); err != nil {
			return err
		}
		sn.periods[p] = st
		return nil
	}); err != nil {
		return err
	}
	return each(ctx, tx, "SELECT period, ord FROM periods", func(rows *sql.Rows) error {
		var p string
		var ord int32
		if err := rows.Scan(&p, &ord); err != nil {
			return err
		}
		sn.quarters[p] = ord
		return nil
	})
}

// loadScores reads every score row with the casts the SQL reads use, so
// that the values are the same float64s.
func (sn *Snapshot) loadScores(ctx context.Context, tx *sql.Tx) error {
	sn.byUnit, sn.byGroup = map[string][]int32{}, map[string][]int32{}
	err := each(ctx, tx, `SELECT period, is_year, ord, unit_code, grp, vetoed, score::DOUBLE, base::DOUBLE, bonus, penalty,
		law::DOUBLE, taxsys::DOUBLE, service::DOUBLE, admin::DOUBLE, info::DOUBLE, org::DOUBLE, rank, size, rank_change, grade
		FROM scores`, func(rows *sql.Rows) error {
		var r snapScore
		if err := rows.Scan(&r.period, &r.isYear, &r.ord, &r.unit, &r.grp, &r.vetoed, &r.score, &r.base, &r.bonus, &r.penalty,
			&r.sys[0], &r.sys[1], &r.sys[2], &r.sys[3], &r.sys[4], &r.sys[5], &r.rank, &r.size, &r.rankChange, &r.grade); err != nil {
			return err
		}
		i := int32(len(sn.scores))
		sn.scores = append(sn.scores, r)
		sn.byUnit[r.unit] = append(sn.byUnit[r.unit], i)
		if r.grp.Valid {
			k := r.period + "\x00" + r.grp.String
			sn.byGroup[k] = append(sn.byGroup[k], i)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Trend's order: ORDER BY ord, period.
	for _, ix := range sn.byUnit {
		sort.SliceStable(ix, func(a, b int) bool {
			x, y := &sn.scores[ix[a]], &sn.scores[ix[b]]
			if x.ord != y.ord {
				return x.ord < y.ord
			}
			return x.period < y.period
		})
	}
	return nil
}

func (sn *Snapshot) loadAdjustments(ctx context.Context, tx *sql.Tx) error {
	sn.adjust = map[string][]Adjustment{}
	return each(ctx, tx, `SELECT unit_code, period, id, kind, points, reason, coalesce(indicator_code, ''), coalesce(evidence, ''), coalesce(created_by, '')
		FROM adjustments ORDER BY id`, func(rows *sql.Rows) error {
		var unit, period string
		var a Adjustment
		if err := rows.Scan(&unit, &period, &a.ID, &a.Kind, &a.Points, &a.Reason, &a.IndicatorCode, &a.Evidence, &a.CreatedBy); err != nil {
			return err
		}
		k := unit + "\x00" + period
		sn.adjust[k] = append(sn.adjust[k], a)
		return nil
	})
}

// loadResults reads what v_results_by is computed from: the applicable
// indicator versions of every unit and the ledger values, joined here on
// the integer key k = kbase + ord as scoring joins them. Anything the Go
// formula (results.go) does not model exactly (NULL attributes, values
// that are not finite, two ledger rows with one key) leaves resultOK false,
// and breakdowns and losses then fall back to SQL.
func (sn *Snapshot) loadResults(ctx context.Context, tx *sql.Tx) error {
	sn.appl = map[string][]snapAppl{}
	sn.resultOK = true
	attrIdx := map[snapAttr]int32{}
	err := each(ctx, tx, `SELECT unit_code, indicator_code, name, system, coalesce(display_unit, ''), coalesce(lead_dept, ''), rule, direction,
		weight, target, floor, from_ord, to_ord, kbase FROM applicable`, func(rows *sql.Rows) error {
		var unit string
		var a snapAttr
		var name, system, rule, dir sql.NullString
		var weight, target, floor sql.NullFloat64
		var from, to int32
		var kbase sql.NullInt64
		if err := rows.Scan(&unit, &a.code, &name, &system, &a.displayUnit, &a.leadDept, &rule, &dir,
			&weight, &target, &floor, &from, &to, &kbase); err != nil {
			return err
		}
		if !name.Valid || !system.Valid || !rule.Valid || !dir.Valid || !weight.Valid || !target.Valid || !kbase.Valid ||
			!finite(weight.Float64) || !finite(target.Float64) || (floor.Valid && !finite(floor.Float64)) {
			sn.resultOK = false
		}
		a.name, a.system, a.rule, a.direction = name.String, system.String, rule.String, dir.String
		a.weight, a.target, a.floor, a.floorNull = weight.Float64, target.Float64, floor.Float64, !floor.Valid
		id, ok := attrIdx[a]
		if !ok {
			id = int32(len(sn.attrs))
			attrIdx[a] = id
			a.id = id
			sn.attrs = append(sn.attrs, a)
		}
		sn.appl[unit] = append(sn.appl[unit], snapAppl{attr: id, from: from, to: to, kbase: kbase.Int64})
		return nil
	})
	if err != nil {
		return err
	}
	// Breakdown's order: ORDER BY system, indicator_code.
	for _, as := range sn.appl {
		sort.SliceStable(as, func(i, j int) bool {
			x, y := &sn.attrs[as[i].attr], &sn.attrs[as[j].attr]
			if x.system != y.system {
				return x.system < y.system
			}
			return x.code < y.code
		})
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ledger_k").Scan(&n); err != nil {
		return err
	}
	sn.ledger = make([]snapValue, 0, n) // millions of rows: no regrowth
	noteIdx := map[string]int32{}
	err = each(ctx, tx, "SELECT k, actual, target, note, decided FROM ledger_k ORDER BY k", func(rows *sql.Rows) error {
		var v snapValue
		var target sql.NullFloat64
		var note sql.NullString
		if err := rows.Scan(&v.k, &v.actual, &target, &note, &v.decided); err != nil {
			return err
		}
		v.target, v.hasTarget = target.Float64, target.Valid
		v.note = -1
		if note.Valid {
			id, ok := noteIdx[note.String]
			if !ok {
				id = int32(len(sn.notes))
				noteIdx[note.String] = id
				sn.notes = append(sn.notes, note.String)
			}
			v.note = id
		}
		if !finite(v.actual) || (v.hasTarget && !finite(v.target)) {
			sn.resultOK = false
		}
		if n := len(sn.ledger); n > 0 && sn.ledger[n-1].k >= v.k {
			sn.resultOK = false // a duplicate key (or an order DuckDB did not keep)
		}
		sn.ledger = append(sn.ledger, v)
		return nil
	})
	if err != nil {
		return err
	}
	// Each applicable row's keys are consecutive in the sorted ledger: find
	// their rows once, so that a read looks at a handful of rows.
	// Only the ords of stored quarters are ever looked up (an unbounded
	// version's to_ord may be far beyond them).
	minOrd, maxOrd := int32(math.MaxInt32), int32(math.MinInt32)
	for _, o := range sn.quarters {
		minOrd, maxOrd = min(minOrd, o), max(maxOrd, o)
	}
	for _, as := range sn.appl {
		for i := range as {
			a := &as[i]
			first, last := a.kbase+int64(max(a.from, minOrd)), a.kbase+int64(min(a.to, maxOrd))
			a.lo = int32(sort.Search(len(sn.ledger), func(j int) bool { return sn.ledger[j].k >= first }))
			a.hi = a.lo + int32(sort.Search(len(sn.ledger)-int(a.lo), func(j int) bool { return sn.ledger[int(a.lo)+j].k > last }))
		}
	}
	return nil
}
