package workflow

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/queries"
)

// TestSubmissionAcceptMovesTheScore: a county bureau declares D02 and D06
// for 2025Q4, is returned, corrects, is accepted; the accepted values are
// one batch "submission:<id>" and the score moves as §3.1 says. By hand
// (fixture values of GX0101 in 2025Q4): D01 20×(98.29−80)/20 = 18.29,
// D03 15×(93.53−70)/25 = 14.118, D04 missing 0, D05 98 ≤ 99: 10, D07 5;
// before D02 20×0.97 = 19.4 and D06 15×(97.73−60)/40 = 14.14875: 80.95675
// → 80.96; after D02 = 95 (20×0.5 = 10) and D06 = 90 (15×0.75 = 11.25):
// 68.658 → 68.66.
func TestSubmissionAcceptMovesTheScore(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	county, city, prov := collector("leader", "GX0101"), collector("office", "GX01"), collector("office", "GX")
	events := make(chan queries.Event, 10)
	s.OnEvent(func(e queries.Event) { events <- e })
	if got := unitScore(t, s, "GX0101", "2025Q4"); got != 80.96 {
		t.Fatalf("score before: %v, want 80.96", got)
	}
	sub, err := d.CreateSubmission(ctx, county, queries.SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 96, "D06", "90%")})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != "draft" || len(sub.Items) != 2 || sub.Items[0].Previous == nil || *sub.Items[0].Previous != 99.71 {
		t.Fatalf("draft: %+v", sub)
	}
	if _, err := d.CreateSubmission(ctx, county, queries.SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 1)}); statusOf(err) != 409 {
		t.Errorf("second submission: %v, want 409", err)
	}
	// the draft is the unit's own: the office above neither sees nor accepts it
	if _, err := d.AcceptSubmission(ctx, city, sub.ID); statusOf(err) != 404 {
		t.Errorf("accepting a draft: %v, want 404", err)
	}
	if list, _ := s.Submissions(ctx, city.Scope, "2025Q4"); len(list) != 0 {
		t.Errorf("office sees a draft: %+v", list)
	}
	if _, err := d.SubmitSubmission(ctx, county, sub.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SubmitSubmission(ctx, county, sub.ID); statusOf(err) != 409 {
		t.Errorf("submitting twice: %v, want 409", err)
	}
	if _, err := d.UpdateSubmission(ctx, county, sub.ID, items("D02", 95)); statusOf(err) != 409 {
		t.Errorf("editing a submitted one: %v, want 409", err)
	}
	if _, err := d.AcceptSubmission(ctx, county, sub.ID); statusOf(err) != 403 {
		t.Errorf("the unit accepting itself: %v, want 403", err)
	}
	if _, err := d.ReturnSubmission(ctx, city, sub.ID, "D02 与台账不符"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AcceptSubmission(ctx, city, sub.ID); statusOf(err) != 409 {
		t.Errorf("accepting a returned one: %v, want 409", err)
	}
	if _, err := d.UpdateSubmission(ctx, county, sub.ID, items("D02", 95, "D06", 90)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SubmitSubmission(ctx, county, sub.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AcceptSubmission(ctx, prov, sub.ID); err != nil { // any office above
		t.Fatal(err)
	}
	got, err := s.Submission(ctx, county.Scope, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	steps := []string{}
	for _, h := range got.History {
		steps = append(steps, h.Step+":"+h.By)
	}
	want := "created:leader@GX0101 submitted:leader@GX0101 returned:office@GX01 edited:leader@GX0101 submitted:leader@GX0101 accepted:office@GX"
	if got.Status != "accepted" || got.Batch == nil || strings.Join(steps, " ") != want {
		t.Fatalf("accepted: status %s batch %v history %s", got.Status, got.Batch, strings.Join(steps, " "))
	}
	if got := unitScore(t, s, "GX0101", "2025Q4"); got != 68.66 {
		t.Errorf("score after: %v, want 68.66", got)
	}
	var src, user string
	if err := s.DB().QueryRow("SELECT source, username FROM batches WHERE id = ?", *got.Batch).Scan(&src, &user); err != nil {
		t.Fatal(err)
	}
	if src != "submission:"+strconv.Itoa(int(sub.ID)) || user != "office@GX" {
		t.Errorf("batch source %q by %q", src, user)
	}
	var old float64
	if err := s.DB().QueryRow("SELECT actual FROM ledger_replaced WHERE batch_id = ? AND indicator_code = 'D02'", *got.Batch).Scan(&old); err != nil || old != 99.7 {
		t.Errorf("replaced value kept: %v %v", old, err)
	}
	if _, err := d.AcceptSubmission(ctx, prov, sub.ID); statusOf(err) != 409 {
		t.Errorf("accepting twice: %v, want 409", err)
	}
	got2 := map[string]bool{}
	for i := 0; i < 2; i++ {
		select {
		case e := <-events:
			got2[e.Kind] = e.Unit == "GX0101" && e.Ref == strconv.Itoa(int(sub.ID)) && e.Link != ""
		case <-time.After(5 * time.Second):
		}
	}
	if !got2["submission_returned"] || !got2["submission_accepted"] {
		t.Errorf("events: %v", got2)
	}
}

// TestSubmissionItemsValidated: every bad item is named, nothing is stored.
func TestSubmissionItemsValidated(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	county := collector("leader", "GX0101")
	if _, err := s.DB().Exec("INSERT INTO settings VALUES ('import.max_abs_value', '1000')"); err != nil {
		t.Fatal(err)
	}
	_, err := d.CreateSubmission(ctx, county, queries.SubmissionInput{UnitCode: "GX0101", Period: "2025Q4",
		Items: items("NOPE", 1, "D01", 99, "M01", 80, "D02", "abc", "D06", 5000)})
	var pe *queries.ParamError
	if !errors.As(err, &pe) || len(pe.Problems) != 5 {
		t.Fatalf("want 5 problems, got %v", err)
	}
	for i, want := range []string{"NOPE: unknown", "D01: its source is golden_tax_3", "M01: does not apply", "D02: actual \"abc\" is not a number", "D06: 5000 is out of range"} {
		if !strings.HasPrefix(pe.Problems[i].Message, want) || !strings.HasPrefix(pe.Problems[i].Key, "items["+strconv.Itoa(i)+"]") {
			t.Errorf("problem %d: %+v, want %q", i, pe.Problems[i], want)
		}
	}
	var n int
	s.DB().QueryRow("SELECT count(*) FROM submissions").Scan(&n)
	if n != 0 {
		t.Errorf("%d submissions stored", n)
	}
	// another source declared as collected is accepted
	if _, err := s.DB().Exec("INSERT INTO settings VALUES ('collection.sources', 'manual,golden_tax_3')"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CreateSubmission(ctx, county, queries.SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D01", 99)}); err != nil {
		t.Errorf("D01 with golden_tax_3 collected: %v", err)
	}
	// an invisible unit is 404, a visible one not the user's 403, the root declares nothing
	if _, err := d.CreateSubmission(ctx, county, queries.SubmissionInput{UnitCode: "GX0102", Period: "2025Q4", Items: items("D02", 99)}); statusOf(err) != 404 {
		t.Errorf("invisible unit: %v", err)
	}
	if _, err := d.CreateSubmission(ctx, collector("office", "GX01"), queries.SubmissionInput{UnitCode: "GX0102", Period: "2025Q4", Items: items("D02", 99)}); statusOf(err) != 403 {
		t.Errorf("office writing a unit's own declaration: %v", err)
	}
	if _, err := d.CreateSubmission(ctx, collector("admin", "GX"), queries.SubmissionInput{UnitCode: "GX", Period: "2025Q4", Items: items("D02", 99)}); err == nil {
		t.Errorf("the root declared")
	}
	// only an open quarter
	publish(t, s, "2025Q3")
	if _, err := d.CreateSubmission(ctx, collector("leader", "GX0102"), queries.SubmissionInput{UnitCode: "GX0102", Period: "2025Q3", Items: items("D02", 99)}); statusOf(err) != 409 {
		t.Errorf("quarter in review: %v, want 409", err)
	}
}

// TestSubmissionVisibility: the lead department of the parent bureau sees
// the submissions holding its indicators; another department, a peer and
// a unit outside the subtree see none; the unit's own staff see theirs in
// an open quarter.
func TestSubmissionVisibility(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	county := collector("leader", "GX0101")
	sub, err := d.CreateSubmission(ctx, county, queries.SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 99)})
	if err != nil {
		t.Fatal(err)
	}
	sees := func(a queries.Actor) bool {
		list, err := s.Submissions(ctx, a.Scope, "2025Q4")
		if err != nil {
			t.Fatal(err)
		}
		return len(list) == 1 && list[0].ID == sub.ID
	}
	// D02's lead_dept is SZ: GX01-SZ in the parent bureau GX01
	if sees(collector("dept", "GX01-SZ")) {
		t.Error("the lead department sees a draft")
	}
	if _, err := d.SubmitSubmission(ctx, county, sub.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a    queries.Actor
		want bool
	}{
		{collector("dept", "GX01-SZ"), true}, {collector("dept", "GX01-ZG"), false}, {collector("dept", "GX02-SZ"), false},
		{collector("leader", "GX0102"), false}, {collector("office", "GX04"), false}, {collector("office", "GX01"), true},
		{collector("leader", "GX0101"), true}, {collector("staff", "GX0101-B1"), false}, {collector("admin", "GX"), true},
	} {
		if got := sees(c.a); got != c.want {
			t.Errorf("%s sees the submission: %v, want %v", c.a.Username, got, c.want)
		}
	}
	// a function code that is not the code's suffix
	s.DB().Exec(`UPDATE units SET "function" = 'SZ' WHERE code = 'GX01-ZG'`)
	s.DB().Exec(`UPDATE units SET "function" = 'XZ' WHERE code = 'GX01-SZ'`)
	if !sees(collector("dept", "GX01-ZG")) || sees(collector("dept", "GX01-SZ")) {
		t.Error("the lead department follows units.function")
	}
	// the unit's own dept/staff user sees it in an open quarter (the period rule limits results only)
	if !sees(collector("staff", "GX0101")) {
		t.Error("the unit's own staff do not see their submission in an open quarter")
	}
}

// TestSubmissionLate: late is fixed at the first submit, against the
// deadline's day (the warnings of the deadline are TestSubmissionWarnings,
// in package queries).
func TestSubmissionLate(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	prov := collector("office", "GX")
	if _, err := s.SetDeadline(ctx, prov, "2025Q4", time.Now().Format("2006-01-02")); err != nil {
		t.Fatal(err)
	}
	county := collector("leader", "GX0101")
	sub, err := d.CreateSubmission(ctx, county, queries.SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 99)})
	if err != nil {
		t.Fatal(err)
	}
	if sub, err = d.SubmitSubmission(ctx, county, sub.ID); err != nil || sub.Late {
		t.Fatalf("submitted before the end of the deadline day: late %v %v", sub, err)
	}
	if _, err := d.ReturnSubmission(ctx, prov, sub.ID, "请核对"); err != nil {
		t.Fatal(err)
	}
	// a deadline moved into the past does not make the first submit late afterwards
	if _, err := s.SetDeadline(ctx, prov, "2025Q4", time.Now().AddDate(0, 0, -1).Format("2006-01-02")); err != nil {
		t.Fatal(err)
	}
	if sub, err = d.SubmitSubmission(ctx, county, sub.ID); err != nil || sub.Late {
		t.Errorf("late changed at a later submit: %+v %v", sub, err)
	}
	// another unit submitting after the deadline is late
	c2 := collector("leader", "GX0102")
	sub2, err := d.CreateSubmission(ctx, c2, queries.SubmissionInput{UnitCode: "GX0102", Period: "2025Q4", Items: items("D06", 99)})
	if err != nil {
		t.Fatal(err)
	}
	if sub2, err = d.SubmitSubmission(ctx, c2, sub2.ID); err != nil || !sub2.Late {
		t.Errorf("submitted after the deadline: %+v %v", sub2, err)
	}
}
