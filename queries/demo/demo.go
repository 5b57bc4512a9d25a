// Package demo seeds the demo province into a store: the files of
// data.WriteDemo imported through the same path as any user's, the
// periods' statuses, and a lived-in review quarter (a meeting, its
// rectification items, appeals at every step). The command line and the
// tests call it; nobody copies it.
package demo

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/accounts"
	_ "jixiao/queries/accounts" // the rules of the demo users file
	"jixiao/queries/imports"
	"jixiao/queries/workflow"
)

// Options say how much to seed and where to report progress.
type Options struct {
	// Workflow adds the lived-in quarter (meetings, rectifications, appeals).
	Workflow bool
	// Log receives a line per imported table (nil: nothing).
	Log io.Writer
}

// Load writes the demo province at scale to a temp folder and imports it
// into s, returning the demo logins.
func Load(ctx context.Context, s *queries.Store, scale int, opt Options) ([]data.DemoLogin, error) {
	log := opt.Log
	if log == nil {
		log = io.Discard
	}
	dir, err := os.MkdirTemp("", "jixiao-demo-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	t0 := time.Now()
	files, logins, err := data.WriteDemo(dir, scale)
	if err != nil {
		return nil, err
	}
	for _, k := range data.Kinds {
		p, ok := files[k]
		if !ok {
			continue
		}
		b, err := imports.Import(ctx, s, k, p, imports.Options{User: "demo", Filename: "demo-" + string(k) + ".csv", Users: accounts.UsersFile{}})
		if err != nil {
			return nil, fmt.Errorf("demo %s: %w", k, err)
		}
		fmt.Fprintf(log, "demo: %-16s %9d rows\n", k, b.Rows)
	}
	if err := s.DemoPeriodStatuses(ctx); err != nil {
		return nil, err
	}
	if opt.Workflow {
		if err := liveIn(ctx, s); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(log, "demo: loaded in %.1fs\n", time.Since(t0).Seconds())
	return logins, nil
}

// liveIn gives the demo a lived-in quarter (data.DemoMeetings,
// DemoRects, DemoAppeals), applied through the store's workflow calls as
// the demo's people, so that the meeting's overdue point, the appeal and
// rectification pages and the minutes are not empty.
func liveIn(ctx context.Context, s *queries.Store) error {
	as := func(user string) queries.Actor {
		return queries.Actor{Username: user, Role: "admin", UnitCode: "GX", Scope: queries.Everything, Rights: queries.AllRights()}
	}
	desk := workflow.New(s)
	periods, err := s.Periods(ctx, queries.Everything)
	if err != nil || len(periods) < 2 {
		return err
	}
	sort.Slice(periods, func(i, j int) bool { return periods[i].Period < periods[j].Period })
	quarters := []string{}
	for _, p := range periods {
		if data.IsQuarter(p.Period) {
			quarters = append(quarters, p.Period)
		}
	}
	review, before := quarters[len(quarters)-1], quarters[len(quarters)-2]
	today := time.Now()
	var meeting *int64
	for _, m := range data.DemoMeetings() {
		got, err := desk.AddMeeting(ctx, as("office"), queries.MeetingInput{UnitCode: m.Unit, Period: before, Title: m.Title,
			HeldOn: today.AddDate(0, 0, -m.DaysAgo).Format("2006-01-02"), Location: m.Location, Attendees: m.Attendees,
			Minutes: m.Minutes, Decisions: m.Decisions})
		if err != nil {
			return fmt.Errorf("demo meeting: %w", err)
		}
		meeting = &got.ID
	}
	for _, r := range data.DemoRects() {
		in := queries.RectificationInput{UnitCode: r.Unit, Source: r.Source, Title: r.Title, Detail: r.Detail, Measures: r.Measures,
			Deadline: today.AddDate(0, 0, r.DueInDays).Format("2006-01-02"), Status: r.Status, Evidence: r.Evidence, Period: before}
		if r.FromMeeting {
			in.MeetingID = meeting
		}
		if _, err := desk.AddRectification(ctx, as("office"), in); err != nil {
			return fmt.Errorf("demo rectification %s: %w", r.Title, err)
		}
	}
	for _, a := range data.DemoAppeals() {
		b, err := s.Breakdown(ctx, queries.Everything, a.Unit, review)
		if err != nil {
			return fmt.Errorf("demo appeal %s: %w", a.Unit, err)
		}
		worst := -1
		for i, r := range b.Indicators {
			if r.Actual != nil && r.Lost > 0 && *r.Actual != r.Target && (worst < 0 || r.Lost > b.Indicators[worst].Lost) {
				worst = i
			}
		}
		if worst < 0 {
			continue
		}
		ind := b.Indicators[worst]
		claim := ind.Target
		filed, err := desk.FileAppeal(ctx, as(a.By), queries.AppealInput{UnitCode: a.Unit, IndicatorCode: ind.Code, Period: review,
			ClaimedActual: &claim, Reason: a.Reason})
		if err != nil {
			return fmt.Errorf("demo appeal %s %s: %w", a.Unit, ind.Code, err)
		}
		for _, st := range a.Steps {
			switch st.Decision {
			case "forward", "reject":
				_, err = desk.ReviewAppeal(ctx, as(st.By), filed.ID, st.Decision, st.Comment)
			default:
				_, err = desk.DecideAppeal(ctx, as(st.By), filed.ID, st.Decision, &claim, st.Comment)
			}
			if err != nil {
				return fmt.Errorf("demo appeal %d %s: %w", filed.ID, st.Decision, err)
			}
		}
	}
	return nil
}
