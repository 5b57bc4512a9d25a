package server

import (
	"context"
	"strconv"

	"jixiao/data"
	"jixiao/queries"
)

// The Reader's methods mirror the Store's scoped reads one for one.

// Units lists the units the scope sees named (queries hides invisible parents).
func (r *Reader) Units(ctx context.Context, sc queries.Scope) ([]queries.Unit, error) {
	return cached(ctx, r, "Units", sc, nil, func(ctx context.Context) ([]queries.Unit, error) {
		return r.store.Units(ctx, sc)
	})
}

// Unit returns one named visible unit, or queries.ErrNotFound.
func (r *Reader) Unit(ctx context.Context, sc queries.Scope, code string) (*queries.Unit, error) {
	return cached(ctx, r, "Unit", sc, []string{code}, func(ctx context.Context) (*queries.Unit, error) {
		all, err := r.Units(ctx, sc)
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
func (r *Reader) UnitsUnder(ctx context.Context, sc queries.Scope, root string) ([]queries.Unit, error) {
	return cached(ctx, r, "UnitsUnder", sc, []string{root}, func(ctx context.Context) ([]queries.Unit, error) {
		return r.store.UnitsUnder(ctx, sc, root)
	})
}

// Children lists the named visible children of a unit.
func (r *Reader) Children(ctx context.Context, sc queries.Scope, code string) ([]queries.Unit, error) {
	return cached(ctx, r, "Children", sc, []string{code}, func(ctx context.Context) ([]queries.Unit, error) {
		return r.store.Children(ctx, sc, code)
	})
}

// Ancestors lists the named visible ancestors of a unit, root first.
func (r *Reader) Ancestors(ctx context.Context, sc queries.Scope, code string) ([]queries.Unit, error) {
	return cached(ctx, r, "Ancestors", sc, []string{code}, func(ctx context.Context) ([]queries.Unit, error) {
		return r.store.Ancestors(ctx, sc, code)
	})
}

// OverviewGroup is the peer group an overview of unit opens on.
func (r *Reader) OverviewGroup(ctx context.Context, sc queries.Scope, unit string) (string, error) {
	return cached(ctx, r, "OverviewGroup", sc, []string{unit}, func(ctx context.Context) (string, error) {
		return r.store.OverviewGroup(ctx, sc, unit)
	})
}

// GroupOf is the peer group of a named visible unit.
func (r *Reader) GroupOf(ctx context.Context, sc queries.Scope, unit string) (string, error) {
	return cached(ctx, r, "GroupOf", sc, []string{unit}, func(ctx context.Context) (string, error) {
		return r.store.GroupOf(ctx, sc, unit)
	})
}

// Periods lists the visible periods, newest first.
func (r *Reader) Periods(ctx context.Context, sc queries.Scope) ([]queries.PeriodStatus, error) {
	return cached(ctx, r, "Periods", sc, nil, func(ctx context.Context) ([]queries.PeriodStatus, error) {
		return r.store.Periods(ctx, sc)
	})
}

// LatestPeriod is the newest visible quarter.
func (r *Reader) LatestPeriod(ctx context.Context, sc queries.Scope) (string, error) {
	return cached(ctx, r, "LatestPeriod", sc, nil, func(ctx context.Context) (string, error) {
		return r.store.LatestPeriod(ctx, sc)
	})
}

// Ranking is the visible ranking of a group in a period.
func (r *Reader) Ranking(ctx context.Context, sc queries.Scope, period, group string) (*queries.Ranking, error) {
	return cached(ctx, r, "Ranking", sc, []string{period, group}, func(ctx context.Context) (*queries.Ranking, error) {
		return r.store.Ranking(ctx, sc, period, group)
	})
}

// GroupSystemAverage is a group's system average over what the scope
// sees, withheld for too few anonymised peers.
func (r *Reader) GroupSystemAverage(ctx context.Context, sc queries.Scope, period, group string) (*queries.SystemAverage, error) {
	return cached(ctx, r, "GroupSystemAverage", sc, []string{period, group}, func(ctx context.Context) (*queries.SystemAverage, error) {
		return r.store.GroupSystemAverage(ctx, sc, period, group)
	})
}

// RankingForUnit is the ranking of a unit's peer group.
func (r *Reader) RankingForUnit(ctx context.Context, sc queries.Scope, period, unit string) (*queries.Ranking, error) {
	g, err := r.GroupOf(ctx, sc, unit)
	if err != nil {
		return nil, err
	}
	return r.Ranking(ctx, sc, period, g)
}

// Trend is a unit's results between two periods.
func (r *Reader) Trend(ctx context.Context, sc queries.Scope, unit, from, to string) ([]queries.TrendPoint, error) {
	return cached(ctx, r, "Trend", sc, []string{unit, from, to}, func(ctx context.Context) ([]queries.TrendPoint, error) {
		return r.store.Trend(ctx, sc, unit, from, to)
	})
}

// Breakdown is a unit's quarter indicator by indicator.
func (r *Reader) Breakdown(ctx context.Context, sc queries.Scope, unit, period string) (*queries.Breakdown, error) {
	return cached(ctx, r, "Breakdown", sc, []string{unit, period}, func(ctx context.Context) (*queries.Breakdown, error) {
		return r.store.Breakdown(ctx, sc, unit, period)
	})
}

// LossesByIndicator is the largest point losses by indicator under root.
func (r *Reader) LossesByIndicator(ctx context.Context, sc queries.Scope, period, root string, limit int) ([]queries.Loss, error) {
	return cached(ctx, r, "LossesByIndicator", sc, []string{period, root, strconv.Itoa(limit)}, func(ctx context.Context) ([]queries.Loss, error) {
		return r.store.LossesByIndicator(ctx, sc, period, root, limit)
	})
}

// LossesByDept is the largest point losses by responsible department under root.
func (r *Reader) LossesByDept(ctx context.Context, sc queries.Scope, period, root string, limit int) ([]queries.Loss, error) {
	return cached(ctx, r, "LossesByDept", sc, []string{period, root, strconv.Itoa(limit)}, func(ctx context.Context) ([]queries.Loss, error) {
		return r.store.LossesByDept(ctx, sc, period, root, limit)
	})
}

// Indicators is the catalogue (every signed-in user may read it).
func (r *Reader) Indicators(ctx context.Context, code string) ([]queries.Indicator, error) {
	return cached(ctx, r, "Indicators", queries.Scope{}, []string{code}, func(ctx context.Context) ([]queries.Indicator, error) {
		return r.store.Indicators(ctx, code)
	})
}

// IndicatorValues is an indicator across the named visible units in a quarter.
func (r *Reader) IndicatorValues(ctx context.Context, sc queries.Scope, code, period string) ([]queries.IndicatorValue, error) {
	return cached(ctx, r, "IndicatorValues", sc, []string{code, period}, func(ctx context.Context) ([]queries.IndicatorValue, error) {
		return r.store.IndicatorValues(ctx, sc, code, period)
	})
}

// IndicatorCompletion is an indicator's completion per visible quarter.
func (r *Reader) IndicatorCompletion(ctx context.Context, sc queries.Scope, code string) ([]queries.Completion, error) {
	return cached(ctx, r, "IndicatorCompletion", sc, []string{code}, func(ctx context.Context) ([]queries.Completion, error) {
		return r.store.IndicatorCompletion(ctx, sc, code)
	})
}

// Scores is every visible named score of a period. A whole history (period
// "") is large and rarely asked for twice: it is not kept.
func (r *Reader) Scores(ctx context.Context, sc queries.Scope, period string) ([]queries.ScoreRow, error) {
	if period == "" {
		return r.store.Scores(ctx, sc, period)
	}
	return cached(ctx, r, "Scores", sc, []string{period}, func(ctx context.Context) ([]queries.ScoreRow, error) {
		return r.store.Scores(ctx, sc, period)
	})
}

// ScoresUnder is every visible named score of a period in a subtree.
func (r *Reader) ScoresUnder(ctx context.Context, sc queries.Scope, period, root string) ([]queries.ScoreRow, error) {
	return cached(ctx, r, "ScoresUnder", sc, []string{period, root}, func(ctx context.Context) ([]queries.ScoreRow, error) {
		return r.store.ScoresUnder(ctx, sc, period, root)
	})
}

// JSON caches the encoded answer of a read, for API routes whose answers
// are large (a matrix group's ranking has hundreds of rows): a warm request
// then costs a map lookup and a write. Like every entry it is keyed by the
// scope and the data version.
func (r *Reader) JSON(ctx context.Context, sc queries.Scope, route string, args []string, fn func(context.Context) (any, error)) ([]byte, error) {
	return cached(ctx, r, "JSON:"+route, sc, args, func(ctx context.Context) ([]byte, error) {
		v, err := fn(ctx)
		if err != nil {
			return nil, err
		}
		return data.MarshalJSON(v)
	})
}

// Get caches any other scoped read (for pages and workflows): key names the
// query and its arguments; the scope and data version are added.
func Get[T any](ctx context.Context, r *Reader, sc queries.Scope, key string, fn func(context.Context) (T, error)) (T, error) {
	return cached(ctx, r, "Get:"+key, sc, nil, fn)
}
