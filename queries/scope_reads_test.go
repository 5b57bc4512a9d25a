package queries

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"jixiao/queries/fixture"
)

// TestEveryReadIsScoped lists every exported method of *Store that takes
// a Scope (by reflection) and runs it on the reference province, with a
// workflow item of each kind, twice: with Everything it must answer
// something (so that its arguments reach real rows), with the zero Scope
// nothing (an empty answer or ErrNotFound). A new read without visibility,
// or one missing from the table below, fails.
func TestEveryReadIsScoped(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	args := scopedReadArgs(t, s)
	scopeT := reflect.TypeOf(Scope{})
	st := reflect.ValueOf(s)
	n := 0
	for i := 0; i < st.NumMethod(); i++ {
		meth := st.Type().Method(i)
		mt := meth.Type // receiver first
		if mt.NumIn() < 3 || mt.In(2) != scopeT {
			continue
		}
		n++
		extra, ok := args[meth.Name]
		if !ok {
			t.Errorf("%s takes a Scope but is not in this test's table", meth.Name)
			continue
		}
		call := func(sc Scope) (empty bool, err error) {
			in := []reflect.Value{reflect.ValueOf(ctx), reflect.ValueOf(sc)}
			for j, a := range extra {
				in = append(in, reflect.ValueOf(a).Convert(mt.In(3+j)))
			}
			out := st.Method(i).Call(in)
			if e := out[len(out)-1]; !e.IsNil() {
				return true, e.Interface().(error)
			}
			return isEmpty(out[0]), nil
		}
		if empty, err := call(Everything); err != nil || empty {
			t.Errorf("%s with Everything: empty %v, error %v (the arguments must reach real rows)", meth.Name, empty, err)
		}
		if empty, err := call(Scope{}); err != nil && !errors.Is(err, ErrNotFound) {
			t.Errorf("%s with the zero Scope: %v", meth.Name, err)
		} else if !empty {
			t.Errorf("%s with the zero Scope answered something", meth.Name)
		}
	}
	if n != len(args) {
		t.Errorf("%d scoped reads found, %d in the table", n, len(args))
	}
}

// scopedReadArgs gives the reference province a workflow item of each
// kind and returns, per scoped read, the arguments after the scope that
// reach real rows (TestEveryReadIsScoped, and the read door's test).
func scopedReadArgs(t *testing.T, s *Store) map[string][]any {
	t.Helper()
	ctx := context.Background()
	// Collection (SPEC §12) in the open quarter, seeded without the
	// workflow's rules (queries/workflow has them, and their tests): a
	// draft, and a returned declaration of the quarter before (a warning).
	sub := fixture.Insert(t, s, `INSERT INTO submissions (unit_code, period, created_by) VALUES ('GX0101', '2025Q4', 'leader@GX0101') RETURNING id`)
	back := fixture.Insert(t, s, `INSERT INTO submissions (unit_code, period, status, first_submitted_at, created_by)
		VALUES ('GX0101', '2025Q3', 'returned', current_timestamp, 'leader@GX0101') RETURNING id`)
	for _, id := range []int64{sub, back} {
		fixture.Insert(t, s, `INSERT INTO submission_items (submission_id, pos, indicator_code, actual) VALUES (?, 0, 'D02', 96) RETURNING submission_id`, id)
		fixture.Insert(t, s, `INSERT INTO submission_steps (submission_id, step, username) VALUES (?, 'created', 'leader@GX0101') RETURNING submission_id`, id)
	}
	publish(t, s, "2025Q4")
	fc := fixture.Insert(t, s, `INSERT INTO field_checks (unit_code, period, indicator_code, verified_actual, desk_actual, finding, checked_by)
		VALUES ('GX0101', '2025Q4', 'D03', 80, 93.53, '实地抽查', 'office@GX01') RETURNING id`)
	note := fixture.Insert(t, s, `INSERT INTO explanations (unit_code, period, cause, measures, written_by)
		VALUES ('GX0101-B2', '2025Q4', '原因', '措施', 'staff@GX0101-B2') RETURNING id`)
	// Accountability (SPEC §13): people of GX01 answer for its indicators.
	addUsers(t, s, dutyUsers)
	if _, err := s.DB().Exec(`INSERT INTO responsibilities (unit_code, indicator_code, leader, owner, updated_by) VALUES ('GX01', 'D01', 'bs_lead', 'bs_zg', 'office')`); err != nil {
		t.Fatal(err)
	}
	var meetingID, rectID int64
	if err := s.DB().QueryRow(`INSERT INTO meetings (unit_code, period, title, held_on, minutes, created_by)
		VALUES ('GX01', '2025Q4', '讲评会', DATE '2026-01-15', '纪要', 'office@GX01') RETURNING id`).Scan(&meetingID); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`INSERT INTO rectifications (unit_code, source, title, measures, deadline, period, meeting_id, indicator_code, created_by)
		VALUES ('GX0101-B2', 'meeting', '整改', '辅导', current_date - 3, '2025Q4', ?, 'E03', 'office@GX01') RETURNING id`, meetingID).Scan(&rectID); err != nil {
		t.Fatal(err)
	}
	apID := seedAppealOn(t, s, "GX0101-B2", "E03", AppealSubmitted)
	att := fixture.Insert(t, s, `INSERT INTO attachments (owner_kind, owner_id, filename, mime, size, sha256, content, uploaded_by)
		VALUES ('appeal', ?, 'a.pdf', 'application/pdf', 9, '-', ?, 'staff@GX0101-B2') RETURNING id`, apID, []byte("%PDF-1.4\n"))
	group, err := s.GroupOf(ctx, Everything, "GX0101-B2")
	if err != nil {
		t.Fatal(err)
	}
	const unit, period = "GX0101-B2", "2025Q4"
	run, err := s.NextReportRun(ctx)
	if err != nil || run == nil {
		t.Fatalf("no report run after publishing: %v", err)
	}
	storeFake(t, s, run.ID, period, "GX01")
	if err := s.LogReportAttempt(ctx, ReportAttempt{RunID: run.ID, Period: period, UnitCode: "GX02", Status: "failed", Message: "失败", By: "test"}); err != nil {
		t.Fatal(err)
	}
	return map[string][]any{
		"ListAdjustments":       {AdjustmentFilter{}},
		"Appeals":               {AppealFilter{}},
		"Appeal":                {apID},
		"AppealCounts":          {"", "GX"},
		"Breakdown":             {unit, period},
		"Completeness":          {period},
		"DataAsOf":              {period},
		"Explain":               {unit, period, "E03", "zh"},
		"Scores":                {period},
		"ScoresUnder":           {period, "GX01"},
		"UnitsUnder":            {"GX01"},
		"Health":                {period},
		"HealthEvidence":        {period, "E03"},
		"WhatIf":                {Scenario{Period: period, Group: group}},
		"IndicatorValues":       {"E03", period},
		"IndicatorCompletion":   {"E03"},
		"LossesByIndicator":     {period, "GX", 10},
		"LossesByDept":          {period, "GX", 10},
		"Meeting":               {meetingID},
		"Meetings":              {MeetingFilter{}},
		"Periods":               {},
		"GroupOf":               {unit},
		"RankingForUnit":        {period, unit},
		"Ranking":               {period, group},
		"Rectification":         {rectID},
		"Rectifications":        {RectFilter{}},
		"OverdueRectifications": {},
		"RectificationCounts":   {RectFilter{Under: "GX"}},
		"SummaryUnder":          {period, "GX01"},
		"SystemMeansUnder":      {period, "GX01", "GX01:bureau"},
		"Trend":                 {unit, "", ""},
		"Units":                 {},
		"Unit":                  {unit},
		"Children":              {"GX0101"},
		"Ancestors":             {unit},
		"OverviewGroup":         {"GX01"},
		"LatestPeriod":          {},
		"Warnings":              {period, "zh"},
		"Attachment":            {att},
		"PeriodInfos":           {},
		"PeriodInfo":            {period},
		"ReportInbox":           {InboxFilter{}},
		"ReportFile":            {period, "GX01", "html"},
		"ReportRuns":            {10},
		"ReportProblems":        {},
		"ReportBureau":          {period, "GX01"},
		"GroupSystemAverage":    {period, group},
		"Submission":            {sub},
		"Submissions":           {period},
		"SubmissionWarnings":    {"2025Q3", "zh"},
		"CollectionForm":        {"GX0101", period},
		"CollectionProgress":    {period},
		"FieldChecks":           {period},
		"UnitFieldChecks":       {"GX0101", period},
		"FieldCheck":            {fc},
		"Explanation":           {note},
		"Explanations":          {NoteFilter{}},
		"Responsibilities":      {"GX01"},
		"Accountability":        {period},
		"NotifyMaySee":          {Event{Kind: "submission_returned", Unit: "GX0101"}},
	}
}

// isEmpty reports whether a read's answer carries nothing: nil, zero, an
// empty list or map, or a struct whose fields are all empty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil() || isEmpty(v.Elem())
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if !isEmpty(v.Field(i)) {
				return false
			}
		}
		return true
	}
	return v.IsZero()
}
