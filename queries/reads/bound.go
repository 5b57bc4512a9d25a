package reads

import (
	"context"
	"errors"

	"jixiao/queries"
)

// Bound is a View for readers written against the store's scoped
// signatures (reports.Source): each method takes a scope, as the store's
// do, and answers only the view's own (any other is an error, never an
// answer for that scope).
type Bound struct{ v *View }

// Bound returns the view as a Bound.
func (v *View) Bound() Bound { return Bound{v} }

var errOtherScope = errors.New("reads: a view answers its own scope only")

func (b Bound) check(sc queries.Scope) error {
	if sc.Key() != b.v.sc.Key() {
		return errOtherScope
	}
	return nil
}

func (b Bound) Unit(ctx context.Context, sc queries.Scope, code string) (*queries.Unit, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.Unit(ctx, code)
}

func (b Bound) UnitsUnder(ctx context.Context, sc queries.Scope, root string) ([]queries.Unit, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.UnitsUnder(ctx, root)
}

func (b Bound) PeriodInfo(ctx context.Context, sc queries.Scope, period string) (*queries.PeriodInfo, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.PeriodInfo(ctx, period)
}

func (b Bound) ScoresUnder(ctx context.Context, sc queries.Scope, period, root string) ([]queries.ScoreRow, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.ScoresUnder(ctx, period, root)
}

func (b Bound) Ranking(ctx context.Context, sc queries.Scope, period, group string) (*queries.Ranking, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.Ranking(ctx, period, group)
}

func (b Bound) RankingForUnit(ctx context.Context, sc queries.Scope, period, unit string) (*queries.Ranking, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.RankingForUnit(ctx, period, unit)
}

func (b Bound) OverviewGroup(ctx context.Context, sc queries.Scope, unit string) (string, error) {
	if err := b.check(sc); err != nil {
		return "", err
	}
	return b.v.OverviewGroup(ctx, unit)
}

func (b Bound) Trend(ctx context.Context, sc queries.Scope, unit, from, to string) ([]queries.TrendPoint, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.Trend(ctx, unit, from, to)
}

func (b Bound) LossesByIndicator(ctx context.Context, sc queries.Scope, period, root string, limit int) ([]queries.Loss, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.LossesByIndicator(ctx, period, root, limit)
}

func (b Bound) LossesByDept(ctx context.Context, sc queries.Scope, period, root string, limit int) ([]queries.Loss, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.LossesByDept(ctx, period, root, limit)
}

func (b Bound) Appeals(ctx context.Context, sc queries.Scope, f queries.AppealFilter) ([]queries.Appeal, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.Appeals(ctx, f)
}

func (b Bound) Rectifications(ctx context.Context, sc queries.Scope, f queries.RectFilter) ([]queries.Rectification, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.Rectifications(ctx, f)
}

func (b Bound) Meetings(ctx context.Context, sc queries.Scope, f queries.MeetingFilter) ([]queries.Meeting, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.Meetings(ctx, f)
}

func (b Bound) Explanations(ctx context.Context, sc queries.Scope, f queries.NoteFilter) ([]queries.Note, error) {
	if err := b.check(sc); err != nil {
		return nil, err
	}
	return b.v.Explanations(ctx, f)
}
