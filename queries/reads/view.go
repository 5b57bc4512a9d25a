package reads

import (
	"context"
	"strconv"

	"jixiao/data"
	"jixiao/queries"
)

// View is one request's reads: a scope bound to the data version the door
// picked for the request. Every method applies the scope (queries applies
// Scope.sees inside its SQL, or looks up that SQL's answer held for the
// version); none takes one. The reads of this file are cached per version;
// those of view_flow.go (workflow items, files, report centre) are asked
// of the store every time, pinned to the same version's snapshot.
type View struct {
	d   *Door
	g   *gen
	sc  queries.Scope
	err error // the version check failed: every read answers it
	// wrote: the reader wrote and asked for its version: never answered
	// from the previous generation.
	wrote bool
}

// Scope is the scope the view is bound to (for writes and checks beyond
// reads: a view never takes another).
func (v *View) Scope() queries.Scope { return v.sc }

// Version is the data version the view answers from (0 when its version
// check failed).
func (v *View) Version() int64 {
	if v.g == nil {
		return 0
	}
	return v.g.version
}

// pin binds ctx to the view's snapshot, for a read asked of the store
// uncached: an answer it is part of is never carried over (carry.go).
func (v *View) pin(ctx context.Context) context.Context {
	recorderOf(ctx).markOpaque()
	return queries.WithSnapshot(ctx, v.g.snap)
}

// Units lists the units the scope sees named (queries hides invisible parents).
func (v *View) Units(ctx context.Context) ([]queries.Unit, error) {
	return cached(ctx, v, "Units", nil, func(ctx context.Context) ([]queries.Unit, error) {
		return v.d.store.Units(ctx, v.sc)
	})
}

// Unit returns one named visible unit, or queries.ErrNotFound.
func (v *View) Unit(ctx context.Context, code string) (*queries.Unit, error) {
	return cached(ctx, v, "Unit", []string{code}, func(ctx context.Context) (*queries.Unit, error) {
		all, err := v.Units(ctx)
		if err != nil {
			return nil, err
		}
		for i := range all {
			if all[i].Code == code {
				return &all[i], nil
			}
		}
		return nil, queries.ErrNotFound
	})
}

// UnitsUnder lists the named visible units of a subtree, root included.
func (v *View) UnitsUnder(ctx context.Context, root string) ([]queries.Unit, error) {
	return cached(ctx, v, "UnitsUnder", []string{root}, func(ctx context.Context) ([]queries.Unit, error) {
		return v.d.store.UnitsUnder(ctx, v.sc, root)
	})
}

// Children lists the named visible children of a unit.
func (v *View) Children(ctx context.Context, code string) ([]queries.Unit, error) {
	return cached(ctx, v, "Children", []string{code}, func(ctx context.Context) ([]queries.Unit, error) {
		return v.d.store.Children(ctx, v.sc, code)
	})
}

// Ancestors lists the named visible ancestors of a unit, root first.
func (v *View) Ancestors(ctx context.Context, code string) ([]queries.Unit, error) {
	return cached(ctx, v, "Ancestors", []string{code}, func(ctx context.Context) ([]queries.Unit, error) {
		return v.d.store.Ancestors(ctx, v.sc, code)
	})
}

// OverviewGroup is the peer group an overview of unit opens on.
func (v *View) OverviewGroup(ctx context.Context, unit string) (string, error) {
	return cached(ctx, v, "OverviewGroup", []string{unit}, func(ctx context.Context) (string, error) {
		return v.d.store.OverviewGroup(ctx, v.sc, unit)
	})
}

// GroupOf is the peer group of a named visible unit.
func (v *View) GroupOf(ctx context.Context, unit string) (string, error) {
	return cached(ctx, v, "GroupOf", []string{unit}, func(ctx context.Context) (string, error) {
		return v.d.store.GroupOf(ctx, v.sc, unit)
	})
}

// Periods lists the visible periods, newest first.
func (v *View) Periods(ctx context.Context) ([]queries.PeriodStatus, error) {
	return cached(ctx, v, "Periods", nil, func(ctx context.Context) ([]queries.PeriodStatus, error) {
		return v.d.store.Periods(ctx, v.sc)
	})
}

// LatestPeriod is the newest visible quarter.
func (v *View) LatestPeriod(ctx context.Context) (string, error) {
	return cached(ctx, v, "LatestPeriod", nil, func(ctx context.Context) (string, error) {
		return v.d.store.LatestPeriod(ctx, v.sc)
	})
}

// Ranking is the visible ranking of a group in a period.
func (v *View) Ranking(ctx context.Context, period, group string) (*queries.Ranking, error) {
	return cached(ctx, v, "Ranking", []string{period, group}, func(ctx context.Context) (*queries.Ranking, error) {
		return v.d.store.Ranking(ctx, v.sc, period, group)
	})
}

// GroupSystemAverage is a group's system average over what the scope
// sees, withheld for too few anonymised peers.
func (v *View) GroupSystemAverage(ctx context.Context, period, group string) (*queries.SystemAverage, error) {
	return cached(ctx, v, "GroupSystemAverage", []string{period, group}, func(ctx context.Context) (*queries.SystemAverage, error) {
		return v.d.store.GroupSystemAverage(ctx, v.sc, period, group)
	})
}

// RankingForUnit is the ranking of a unit's peer group.
func (v *View) RankingForUnit(ctx context.Context, period, unit string) (*queries.Ranking, error) {
	g, err := v.GroupOf(ctx, unit)
	if err != nil {
		return nil, err
	}
	return v.Ranking(ctx, period, g)
}

// Trend is a unit's results between two periods.
func (v *View) Trend(ctx context.Context, unit, from, to string) ([]queries.TrendPoint, error) {
	return cached(ctx, v, "Trend", []string{unit, from, to}, func(ctx context.Context) ([]queries.TrendPoint, error) {
		return v.d.store.Trend(ctx, v.sc, unit, from, to)
	})
}

// Breakdown is a unit's quarter indicator by indicator.
func (v *View) Breakdown(ctx context.Context, unit, period string) (*queries.Breakdown, error) {
	return cached(ctx, v, "Breakdown", []string{unit, period}, func(ctx context.Context) (*queries.Breakdown, error) {
		return v.d.store.Breakdown(ctx, v.sc, unit, period)
	})
}

// LossesByIndicator is the largest point losses by indicator under root.
func (v *View) LossesByIndicator(ctx context.Context, period, root string, limit int) ([]queries.Loss, error) {
	return cached(ctx, v, "LossesByIndicator", []string{period, root, strconv.Itoa(limit)}, func(ctx context.Context) ([]queries.Loss, error) {
		return v.d.store.LossesByIndicator(ctx, v.sc, period, root, limit)
	})
}

// LossesByDept is the largest point losses by responsible department under root.
func (v *View) LossesByDept(ctx context.Context, period, root string, limit int) ([]queries.Loss, error) {
	return cached(ctx, v, "LossesByDept", []string{period, root, strconv.Itoa(limit)}, func(ctx context.Context) ([]queries.Loss, error) {
		return v.d.store.LossesByDept(ctx, v.sc, period, root, limit)
	})
}

// Indicators is the catalogue (every signed-in user may read it).
func (v *View) Indicators(ctx context.Context, code string) ([]queries.Indicator, error) {
	w := *v
	w.sc = queries.Scope{} // the same answer for every scope
	return cached(ctx, &w, "Indicators", []string{code}, func(ctx context.Context) ([]queries.Indicator, error) {
		return v.d.store.Indicators(ctx, code)
	})
}

// IndicatorValues is an indicator across the named visible units in a quarter.
func (v *View) IndicatorValues(ctx context.Context, code, period string) ([]queries.IndicatorValue, error) {
	return cached(ctx, v, "IndicatorValues", []string{code, period}, func(ctx context.Context) ([]queries.IndicatorValue, error) {
		return v.d.store.IndicatorValues(ctx, v.sc, code, period)
	})
}

// IndicatorCompletion is an indicator's completion per visible quarter.
func (v *View) IndicatorCompletion(ctx context.Context, code string) ([]queries.Completion, error) {
	return cached(ctx, v, "IndicatorCompletion", []string{code}, func(ctx context.Context) ([]queries.Completion, error) {
		return v.d.store.IndicatorCompletion(ctx, v.sc, code)
	})
}

// Scores is every visible named score of a period. A whole history (period
// "") is large and rarely asked for twice: it is not kept.
func (v *View) Scores(ctx context.Context, period string) ([]queries.ScoreRow, error) {
	if period == "" {
		if v.err != nil {
			return nil, v.err
		}
		return v.d.store.Scores(v.pin(ctx), v.sc, period)
	}
	return cached(ctx, v, "Scores", []string{period}, func(ctx context.Context) ([]queries.ScoreRow, error) {
		return v.d.store.Scores(ctx, v.sc, period)
	})
}

// ScoresUnder is every visible named score of a period in a subtree.
func (v *View) ScoresUnder(ctx context.Context, period, root string) ([]queries.ScoreRow, error) {
	return cached(ctx, v, "ScoresUnder", []string{period, root}, func(ctx context.Context) ([]queries.ScoreRow, error) {
		return v.d.store.ScoresUnder(ctx, v.sc, period, root)
	})
}

// SummaryUnder is the ranking summary of the visible named units of a
// subtree in a period, its root excluded.
func (v *View) SummaryUnder(ctx context.Context, period, root string) (queries.Summary, error) {
	return cached(ctx, v, "SummaryUnder", []string{period, root}, func(ctx context.Context) (queries.Summary, error) {
		return v.d.store.SummaryUnder(ctx, v.sc, period, root)
	})
}

// SystemMeansUnder is the mean of each system over the visible named units
// of group under root in a period.
func (v *View) SystemMeansUnder(ctx context.Context, period, root, group string) (map[string]*float64, error) {
	return cached(ctx, v, "SystemMeansUnder", []string{period, root, group}, func(ctx context.Context) (map[string]*float64, error) {
		return v.d.store.SystemMeansUnder(ctx, v.sc, period, root, group)
	})
}

// JSON caches the encoded answer of a read, for API routes whose answers
// are large (a matrix group's ranking has hundreds of rows): a warm request
// then costs a map lookup and a write. fn reads through the view it is
// given (the same one).
func (v *View) JSON(ctx context.Context, route string, args []string, fn func(context.Context, *View) (any, error)) ([]byte, error) {
	return cached(ctx, v, "JSON:"+route, args, func(ctx context.Context) ([]byte, error) {
		x, err := fn(ctx, v)
		if err != nil {
			return nil, err
		}
		return data.MarshalJSON(x)
	})
}

// Get caches any other read of the view (for pages and workflows): key
// names the read and its arguments; the scope and version are added.
func Get[T any](ctx context.Context, v *View, key string, fn func(context.Context, *View) (T, error)) (T, error) {
	return cached(ctx, v, "Get:"+key, nil, func(ctx context.Context) (T, error) { return fn(ctx, v) })
}
