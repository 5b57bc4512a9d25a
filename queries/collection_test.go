package queries

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// collector is actor with the collection rights of the default policy.
func collector(role, unit string) Actor {
	a := actor(role, unit)
	r := Rights{}
	for k, v := range a.Rights {
		r[k] = v
	}
	r[ActSubmit], r[ActExplain] = []Reach{ReachOwn}, []Reach{ReachOwn}
	if role == "office" {
		r[ActSubmitAccept], r[ActFieldCheck], r[ActExplainAccept] = []Reach{ReachBelow}, []Reach{ReachBelow}, []Reach{ReachBelow}
	}
	if role == "admin" {
		r = AllRights()
	}
	a.Rights = r
	return a
}

func items(kv ...any) []SubmissionItemInput {
	var out []SubmissionItemInput
	for i := 0; i < len(kv); i += 2 {
		raw, _ := json.Marshal(kv[i+1])
		out = append(out, SubmissionItemInput{IndicatorCode: kv[i].(string), Actual: raw})
	}
	return out
}

func unitScore(t *testing.T, s *Store, unit, period string) float64 {
	t.Helper()
	bd, err := s.Breakdown(context.Background(), Everything, unit, period)
	if err != nil {
		t.Fatalf("breakdown %s %s: %v", unit, period, err)
	}
	return bd.Score
}

// TestSubmissionAcceptMovesTheScore: a county bureau declares D02 and D06
// for 2025Q4, is returned, corrects, is accepted; the accepted values are
// one batch "submission:<id>" and the score moves as §3.1 says. By hand
// (fixture values of GX0101 in 2025Q4): D01 20×(98.29−80)/20 = 18.29,
// D03 15×(93.53−70)/25 = 14.118, D04 missing 0, D05 98 ≤ 99: 10, D07 5;
// before D02 20×0.97 = 19.4 and D06 15×(97.73−60)/40 = 14.14875: 80.95675
// → 80.96; after D02 = 95 (20×0.5 = 10) and D06 = 90 (15×0.75 = 11.25):
// 68.658 → 68.66.
func TestSubmissionAcceptMovesTheScore(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	county, city, prov := collector("leader", "GX0101"), collector("office", "GX01"), collector("office", "GX")
	events := make(chan Event, 10)
	s.OnEvent(func(e Event) { events <- e })
	if got := unitScore(t, s, "GX0101", "2025Q4"); got != 80.96 {
		t.Fatalf("score before: %v, want 80.96", got)
	}
	sub, err := s.CreateSubmission(ctx, county, SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 96, "D06", "90%")})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != "draft" || len(sub.Items) != 2 || sub.Items[0].Previous == nil || *sub.Items[0].Previous != 99.71 {
		t.Fatalf("draft: %+v", sub)
	}
	if _, err := s.CreateSubmission(ctx, county, SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 1)}); statusOf(err) != 409 {
		t.Errorf("second submission: %v, want 409", err)
	}
	// the draft is the unit's own: the office above neither sees nor accepts it
	if _, err := s.AcceptSubmission(ctx, city, sub.ID, importWithin(s)); statusOf(err) != 404 {
		t.Errorf("accepting a draft: %v, want 404", err)
	}
	if list, _ := s.Submissions(ctx, city.Scope, "2025Q4"); len(list) != 0 {
		t.Errorf("office sees a draft: %+v", list)
	}
	if _, err := s.SubmitSubmission(ctx, county, sub.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SubmitSubmission(ctx, county, sub.ID); statusOf(err) != 409 {
		t.Errorf("submitting twice: %v, want 409", err)
	}
	if _, err := s.UpdateSubmission(ctx, county, sub.ID, items("D02", 95)); statusOf(err) != 409 {
		t.Errorf("editing a submitted one: %v, want 409", err)
	}
	if _, err := s.AcceptSubmission(ctx, county, sub.ID, importWithin(s)); statusOf(err) != 403 {
		t.Errorf("the unit accepting itself: %v, want 403", err)
	}
	if _, err := s.ReturnSubmission(ctx, city, sub.ID, "D02 与台账不符"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AcceptSubmission(ctx, city, sub.ID, importWithin(s)); statusOf(err) != 409 {
		t.Errorf("accepting a returned one: %v, want 409", err)
	}
	if _, err := s.UpdateSubmission(ctx, county, sub.ID, items("D02", 95, "D06", 90)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SubmitSubmission(ctx, county, sub.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AcceptSubmission(ctx, prov, sub.ID, importWithin(s)); err != nil { // any office above
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
	if _, err := s.AcceptSubmission(ctx, prov, sub.ID, importWithin(s)); statusOf(err) != 409 {
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
	s := loadFixture(t)
	ctx := context.Background()
	county := collector("leader", "GX0101")
	if _, err := s.DB().Exec("INSERT INTO settings VALUES ('import.max_abs_value', '1000')"); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateSubmission(ctx, county, SubmissionInput{UnitCode: "GX0101", Period: "2025Q4",
		Items: items("NOPE", 1, "D01", 99, "M01", 80, "D02", "abc", "D06", 5000)})
	var pe *ParamError
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
	if _, err := s.CreateSubmission(ctx, county, SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D01", 99)}); err != nil {
		t.Errorf("D01 with golden_tax_3 collected: %v", err)
	}
	// an invisible unit is 404, a visible one not the user's 403, the root declares nothing
	if _, err := s.CreateSubmission(ctx, county, SubmissionInput{UnitCode: "GX0102", Period: "2025Q4", Items: items("D02", 99)}); statusOf(err) != 404 {
		t.Errorf("invisible unit: %v", err)
	}
	if _, err := s.CreateSubmission(ctx, collector("office", "GX01"), SubmissionInput{UnitCode: "GX0102", Period: "2025Q4", Items: items("D02", 99)}); statusOf(err) != 403 {
		t.Errorf("office writing a unit's own declaration: %v", err)
	}
	if _, err := s.CreateSubmission(ctx, collector("admin", "GX"), SubmissionInput{UnitCode: "GX", Period: "2025Q4", Items: items("D02", 99)}); err == nil {
		t.Errorf("the root declared")
	}
	// only an open quarter
	publish(t, s, "2025Q3")
	if _, err := s.CreateSubmission(ctx, collector("leader", "GX0102"), SubmissionInput{UnitCode: "GX0102", Period: "2025Q3", Items: items("D02", 99)}); statusOf(err) != 409 {
		t.Errorf("quarter in review: %v, want 409", err)
	}
}

// TestSubmissionVisibility: the lead department of the parent bureau sees
// the submissions holding its indicators; another department, a peer and
// a unit outside the subtree see none; the unit's own staff see theirs in
// an open quarter.
func TestSubmissionVisibility(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	county := collector("leader", "GX0101")
	sub, err := s.CreateSubmission(ctx, county, SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 99)})
	if err != nil {
		t.Fatal(err)
	}
	sees := func(a Actor) bool {
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
	if _, err := s.SubmitSubmission(ctx, county, sub.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a    Actor
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

// TestSubmissionLateAndWarnings: late is fixed at the first submit;
// submission_due 0–3 days before the deadline, overdue after it, returned.
func TestSubmissionLateAndWarnings(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	prov := collector("office", "GX")
	today := time.Now().Format("2006-01-02")
	kinds := func(unit string, now time.Time) map[string]bool {
		ws, err := s.submissionWarnings(ctx, collector("office", "GX01").Scope, "2025Q4", "zh", now)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, w := range ws {
			if w.UnitCode == unit {
				out[w.Kind] = true
			}
		}
		return out
	}
	if k := kinds("GX0101", time.Now()); len(k) != 0 {
		t.Errorf("warnings without a deadline: %v", k)
	}
	if _, err := s.SetDeadline(ctx, prov, "2025Q4", today); err != nil {
		t.Fatal(err)
	}
	if k := kinds("GX0101", time.Now()); !k["submission_due"] {
		t.Errorf("deadline today: %v, want submission_due", k)
	}
	ws, err := s.Warnings(ctx, collector("leader", "GX0101").Scope, "2025Q4", "en")
	found := false
	for _, w := range ws {
		found = found || (w.Kind == "submission_due" && w.UnitCode == "GX0101")
	}
	if err != nil || !found {
		t.Errorf("/api/warnings of the unit lacks submission_due: %v", err)
	}
	if k := kinds("GX0101", time.Now().AddDate(0, 0, -4)); len(k) != 0 {
		t.Errorf("4 days before: %v, want none", k)
	}
	if k := kinds("GX0101", time.Now().AddDate(0, 0, -3)); !k["submission_due"] {
		t.Errorf("3 days before: %v, want due", k)
	}
	if k := kinds("GX0101", time.Now().AddDate(0, 0, 1)); !k["submission_overdue"] {
		t.Errorf("the day after: %v, want overdue", k)
	}
	if n, err := s.CheckCollection(ctx, time.Now()); err != nil || n == 0 {
		t.Errorf("due events: %d %v", n, err)
	} else if again, _ := s.CheckCollection(ctx, time.Now()); again != 0 {
		t.Errorf("due events emitted twice: %d", again)
	}
	county := collector("leader", "GX0101")
	sub, err := s.CreateSubmission(ctx, county, SubmissionInput{UnitCode: "GX0101", Period: "2025Q4", Items: items("D02", 99)})
	if err != nil {
		t.Fatal(err)
	}
	if sub, err = s.SubmitSubmission(ctx, county, sub.ID); err != nil || sub.Late {
		t.Fatalf("submitted before the end of the deadline day: late %v %v", sub, err)
	}
	if k := kinds("GX0101", time.Now().AddDate(0, 0, 1)); len(k) != 0 {
		t.Errorf("after submitting: %v", k)
	}
	if _, err := s.ReturnSubmission(ctx, prov, sub.ID, "请核对"); err != nil {
		t.Fatal(err)
	}
	if k := kinds("GX0101", time.Now()); !k["submission_returned"] || k["submission_due"] {
		t.Errorf("returned: %v", k)
	}
	// a deadline moved into the past does not make the first submit late afterwards
	if _, err := s.SetDeadline(ctx, prov, "2025Q4", time.Now().AddDate(0, 0, -1).Format("2006-01-02")); err != nil {
		t.Fatal(err)
	}
	if sub, err = s.SubmitSubmission(ctx, county, sub.ID); err != nil || sub.Late {
		t.Errorf("late changed at a later submit: %+v %v", sub, err)
	}
	// another unit submitting after the deadline is late
	c2 := collector("leader", "GX0102")
	sub2, err := s.CreateSubmission(ctx, c2, SubmissionInput{UnitCode: "GX0102", Period: "2025Q4", Items: items("D06", 99)})
	if err != nil {
		t.Fatal(err)
	}
	if sub2, err = s.SubmitSubmission(ctx, c2, sub2.ID); err != nil || !sub2.Late {
		t.Errorf("submitted after the deadline: %+v %v", sub2, err)
	}
}

// code is the status the server answers err with (a ParamError is 422).
func code(err error) int {
	var pe *ParamError
	if errors.As(err, &pe) {
		return 422
	}
	return statusOf(err)
}
