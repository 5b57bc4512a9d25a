package reports

import (
	"context"
	"errors"
	"time"

	"jixiao/data"
	"jixiao/queries"
)

// Source is what the quarterly report reads. *queries.Store provides it;
// every method applies the caller's scope, so the report holds only what
// the requesting user may see.
type Source interface {
	Unit(ctx context.Context, code string) (*queries.Unit, error)
	UnitsUnder(ctx context.Context, root string) ([]queries.Unit, error)
	PeriodInfo(ctx context.Context, period string) (*queries.PeriodInfo, error)
	ScoresUnder(ctx context.Context, period, root string) ([]queries.ScoreRow, error)
	SummaryUnder(ctx context.Context, period, root string) (queries.Summary, error)
	SystemMeansUnder(ctx context.Context, period, root, group string) (map[string]*float64, error)
	Ranking(ctx context.Context, period, group string) (*queries.Ranking, error)
	RankingForUnit(ctx context.Context, period, unit string) (*queries.Ranking, error)
	OverviewGroup(ctx context.Context, unit string) (string, error)
	Trend(ctx context.Context, unit, from, to string) ([]queries.TrendPoint, error)
	LossesByIndicator(ctx context.Context, period, root string, limit int) ([]queries.Loss, error)
	LossesByDept(ctx context.Context, period, root string, limit int) ([]queries.Loss, error)
	Appeals(ctx context.Context, f queries.AppealFilter) ([]queries.Appeal, error)
	Rectifications(ctx context.Context, f queries.RectFilter) ([]queries.Rectification, error)
	RectificationCounts(ctx context.Context, f queries.RectFilter) (queries.RectCounts, error)
	Meetings(ctx context.Context, f queries.MeetingFilter) ([]queries.Meeting, error)
	Explanations(ctx context.Context, f queries.NoteFilter) ([]queries.Note, error)
}

// Quarterly is the quarterly analysis report (季度绩效分析报告) of one
// bureau's subtree in one quarter, built once and written as HTML, XLSX or PDF.
type Quarterly struct {
	Period      string
	PeriodLabel string // 2025年第四季度, as the app names it
	Status      string
	Unit        queries.Unit
	GeneratedAt time.Time
	GeneratedBy string

	Self       *queries.ScoreRow // the unit's own result; nil when it has none
	SelfChange *int              // its rank change against the previous quarter
	Summary    Summary           // counts over the named units of the subtree
	Points     []string          // generated talking points
	Groups     []GroupTable      // rankings of the groups under the unit
	MainGroup  string            // the group the systems and trend sections compare
	Systems    []SystemRow       // six-system analysis of the main group
	LossesInd  []queries.Loss    // largest losses by indicator
	LossesDept []queries.Loss    // … and by responsible department
	Trend      TrendTable        // scores of the main group's members over recent quarters
	SelfTrend  []queries.TrendPoint
	Appeals    []queries.Appeal
	Rects      []queries.Rectification
	Meetings   []queries.Meeting
	Notes      []queries.Note // accepted explanations of the subtree's named units (SPEC §12.2)

	order []queries.Unit          // the visible units in tree order
	units map[string]queries.Unit // … by code
	dist  map[string]int          // distance below the unit, for the units of its subtree
}

// Summary is the subtree's figures: the scored, named units below the
// unit (queries' SummaryUnder: count, mean, lowest, highest, grades,
// vetoed), and its workflow.
type Summary struct {
	queries.Summary
	Missing int // applicable indicators without a value
	Appeals map[string]int
	Rects   queries.RectCounts
}

// GroupTable is one peer group's ranking, titled for readers.
type GroupTable struct {
	Group   string
	Title   string
	Ranking *queries.Ranking
}

// SystemCodes are the systems with a sub-score in the group (branches have
// no decision-tier systems, for example), in catalogue order.
func (g GroupTable) SystemCodes() []string {
	var out []string
	for _, c := range queries.SystemCols {
		for _, r := range g.Ranking.Rows {
			if r.Systems[c] != nil {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// SystemRow is one of the six systems across the main group.
type SystemRow struct {
	System    string
	Name      string
	Self      *float64 // the unit's own sub-score
	Avg       *float64 // the main group's mean
	Best      string   // unit name
	BestScore *float64
	Worst     string
	WorstScr  *float64
}

// TrendTable is the members of the main group over recent quarters.
type TrendTable struct {
	Periods []string
	Rows    []TrendRow
}

// TrendRow is one unit's scores (nil: no score) and ranks per period.
type TrendRow struct {
	Code   string
	Name   string
	Scores []*float64
	Ranks  []*int
}

// Build reads everything the report shows, through the scope.
func Build(ctx context.Context, src Source, period, unit, user string) (*Quarterly, error) {
	p, err := data.ParsePeriod(period)
	if err != nil || p.IsYear() {
		return nil, errBadRequest
	}
	u, err := src.Unit(ctx, unit)
	if err != nil {
		return nil, err
	}
	info, err := src.PeriodInfo(ctx, period)
	if err != nil {
		return nil, err
	}
	q := &Quarterly{Period: period, PeriodLabel: data.PeriodName("zh", p.String()), Status: info.Status, Unit: *u, GeneratedAt: time.Now(), GeneratedBy: user}
	steps := []func(context.Context, Source) error{q.readScores, q.readGroups, q.readSystems, q.readLosses, q.readTrend, q.readWorkflow, q.readNotes}
	for _, step := range steps {
		if err := step(ctx, src); err != nil {
			return nil, err
		}
	}
	q.Points = q.talkingPoints()
	return q, nil
}

var errBadRequest = errors.New("季度分析报告须指定季度，例如 2025Q4 / the report is quarterly: give a period like 2025Q4")

// IsBadRequest reports whether err is a malformed report request.
func IsBadRequest(err error) bool { return errors.Is(err, errBadRequest) }

// ignoreNotFound turns "nothing visible here" into an empty section.
func ignoreNotFound(err error) error {
	if errors.Is(err, queries.ErrNotFound) {
		return nil
	}
	return err
}
