package queries

import (
	"database/sql"
	"math"
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
	for ui, code := range sn.descends[root] {
		var grp sql.NullString
		if u, ok := sn.unit(code); ok {
			grp = u.grp
		}
		if !sn.named(sc, code, grp) {
			continue
		}
		err := sn.results(code, ord, func(a *snapAttr, v *snapValue, _, _, lost float64) {
			acc := &accs[keyOf[a.id]]
			if acc.rows == 0 { // any_value(name): the first row's
				acc.name = a.name
				if byDept {
					acc.name = a.leadDept
				}
			}
			acc.rows++
			acc.nanos += int64(math.Round(float64(lost * 1e9))) // lostNanos
			if acc.last != ui {
				acc.units++
				acc.last = ui
			}
			if v == nil {
				acc.missing++
			}
		})
		if err != nil {
			return nil, err
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
