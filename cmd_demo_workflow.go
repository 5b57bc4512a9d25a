package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"jixiao/data"
	"jixiao/queries"
)

// demoWorkflow gives the demo a lived-in quarter (data.DemoMeetings,
// DemoRects, DemoAppeals), applied through the store's workflow calls as
// the demo's people, so that the meeting's overdue point, the appeal and
// rectification pages and the minutes are not empty.
func demoWorkflow(ctx context.Context, s *queries.Store) error {
	as := func(user string) queries.Actor {
		return queries.Actor{Username: user, Role: "admin", UnitCode: "GX", Scope: queries.Everything, Rights: queries.AllRights()}
	}
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
		got, err := s.AddMeeting(ctx, as("office"), queries.MeetingInput{UnitCode: m.Unit, Period: before, Title: m.Title,
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
		if _, err := s.AddRectification(ctx, as("office"), in); err != nil {
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
		filed, err := s.FileAppeal(ctx, as(a.By), queries.AppealInput{UnitCode: a.Unit, IndicatorCode: ind.Code, Period: review,
			ClaimedActual: &claim, Reason: a.Reason})
		if err != nil {
			return fmt.Errorf("demo appeal %s %s: %w", a.Unit, ind.Code, err)
		}
		for _, st := range a.Steps {
			switch st.Decision {
			case "forward", "reject":
				_, err = s.ReviewAppeal(ctx, as(st.By), filed.ID, st.Decision, st.Comment)
			default:
				_, err = s.DecideAppeal(ctx, as(st.By), filed.ID, st.Decision, &claim, st.Comment)
			}
			if err != nil {
				return fmt.Errorf("demo appeal %d %s: %w", filed.ID, st.Decision, err)
			}
		}
	}
	return nil
}
