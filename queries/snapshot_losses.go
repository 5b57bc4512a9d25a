package queries

import (
	"math"
	"slices"
	"sort"
)

// LossesByIndicator is Store.LossesByIndicator.
func (sn *Snapshot) LossesByIndicator(sc Scope, period, root string, limit int) ([]Loss, error) {
	return sn.losses(sc, period, root, limit, false)
}

// LossesByDept is Store.LossesByDept.
func (sn *Snapshot) LossesByDept(sc Scope, period, root string, limit int) ([]Loss, error) {
	return sn.losses(sc, period, root, limit, true)
}

type lossAcc struct {
	name                 string
	nanos                int64 // sum of lostNanos
	rows, units, missing int
	last                 int // the unit counted last, for count(DISTINCT unit_code)
}

func (sn *Snapshot) losses(sc Scope, period, root string, limit int, byDept bool) ([]Loss, error) {
	if err := sn.mustSee(sc, root); err != nil {
		return nil, err
	}
	if !sn.seesPeriod(sc, period) {
		return nil, ErrNotFound
	}
	if !sn.resultOK {
		return nil, ErrSnapshotMiss
	}
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	out := []Loss{}
	ord, ok := sn.quarters[period]
	if !ok {
		return out, nil // v_results holds quarters only
	}
	// One accumulator per key (indicator or department), reached from the
	// row's indicator version through keyOf: no hashing per row.
	keyOf := make([]int32, len(sn.attrs))
	keyIdx := map[string]int32{}
	var keys []string
	var accs []lossAcc
	for i := range sn.attrs {
		a := &sn.attrs[i]
		key := a.code
		if byDept {
			key = a.leadDept
		}
		k, ok := keyIdx[key]
		if !ok {
			k = int32(len(keys))
			keyIdx[key] = k
			keys = append(keys, key)
			accs = append(accs, lossAcc{last: -1})
		}
		keyOf[i] = k
	}
	rows := sn.lossRows[ord]
	for ui, code := range sn.descends[root] {
		idx, ok := sn.unitIdx[code]
		if !ok {
			if len(sn.appl[code]) > 0 {
				return nil, ErrSnapshotMiss // results of a unit missing from units
			}
			continue
		}
		if !sn.named(sc, code, sn.units[idx].grp) {
			continue
		}
		for _, r := range rows.rows[rows.start[idx]:rows.start[idx+1]] {
			if r.attr < 0 {
				return nil, ErrSnapshotMiss // a row results() does not model
			}
			acc := &accs[keyOf[r.attr]]
			if acc.rows == 0 { // any_value(name): the first row's
				acc.name = sn.attrs[r.attr].name
				if byDept {
					acc.name = sn.attrs[r.attr].leadDept
				}
			}
			acc.rows++
			acc.nanos += r.nanos
			if acc.last != ui {
				acc.units++
				acc.last = ui
			}
			if r.missing {
				acc.missing++
			}
		}
	}
	for i := range accs {
		if acc := &accs[i]; acc.rows > 0 && acc.nanos > 0 {
			out = append(out, Loss{Code: keys[i], Name: acc.name, Lost: round2(float64(acc.nanos) / 1e9), Units: acc.units, Missing: acc.missing})
		}
	}
	// ORDER BY round(sum, 2) DESC, key LIMIT ?
	sort.Slice(out, func(i, j int) bool {
		if out[i].Lost != out[j].Lost {
			return out[i].Lost > out[j].Lost
		}
		return out[i].Code < out[j].Code
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// lossRow is one results row reduced to what losses sum: the indicator
// version, whether the value is missing and the points lost (lostNanos).
// attr -1 marks a unit quarter whose rows results() does not model.
type lossRow struct {
	nanos   int64
	attr    int32
	missing bool
}

// ordRows are one quarter's lossRows, unit by unit (Snapshot.units order):
// a province's losses then read one array front to back.
type ordRows struct {
	rows  []lossRow
	start []int32 // rows of units[i]: rows[start[i]:start[i+1]]
}

// buildLossRows computes the lossRows of every quarter once per snapshot.
func (sn *Snapshot) buildLossRows() {
	sn.lossRows = map[int32]*ordRows{}
	if !sn.resultOK {
		return
	}
	for _, ord := range sn.quarters {
		or := &ordRows{start: make([]int32, len(sn.units)+1)}
		for i := range sn.units {
			or.start[i] = int32(len(or.rows))
			n := len(or.rows)
			err := sn.results(sn.units[i].code, ord, func(a *snapAttr, v *snapValue, _, _, lost float64) {
				or.rows = append(or.rows, lossRow{nanos: int64(math.Round(float64(lost * 1e9))), attr: a.id, missing: v == nil}) // lostNanos
			})
			if err != nil {
				or.rows = append(or.rows[:n], lossRow{attr: -1})
			}
		}
		or.start[len(sn.units)] = int32(len(or.rows))
		or.rows = slices.Clip(or.rows)
		sn.lossRows[ord] = or
	}
}
