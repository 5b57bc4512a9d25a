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
	name           string
	nanos          int64 // sum of lostNanos
	units, missing int
	last           string // the unit counted last, for count(DISTINCT unit_code)
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
	accs := map[string]*lossAcc{}
	for _, code := range sn.descends[root] {
		var grp sql.NullString
		if u, ok := sn.unit(code); ok {
			grp = u.grp
		}
		if !sn.named(sc, code, grp) {
			continue
		}
		err := sn.results(code, ord, func(a *snapAttr, v *snapValue, _, _, lost float64) {
			key, name := a.code, a.name
			if byDept {
				key, name = a.leadDept, a.leadDept
			}
			acc := accs[key]
			if acc == nil {
				acc = &lossAcc{name: name}
				accs[key] = acc
			}
			acc.nanos += int64(math.Round(float64(lost * 1e9))) // lostNanos
			if acc.last != code || acc.units == 0 {
				acc.units++
				acc.last = code
			}
			if v == nil {
				acc.missing++
			}
		})
		if err != nil {
			return nil, err
		}
	}
	for key, acc := range accs {
		if acc.nanos > 0 {
			out = append(out, Loss{Code: key, Name: acc.name, Lost: round2(float64(acc.nanos) / 1e9), Units: acc.units, Missing: acc.missing})
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
