package workflow

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
	"jixiao/queries/fixture/fixturestore"
	"jixiao/queries/imports"
)

// The appeal state machine: every state × every step × every role.
// The appeal is on branch GX0101-B2 (county GX0101, city GX01, province GX).
func TestAppealStateMachine(t *testing.T) {
	s := fixturestore.Open(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	roles := []queries.Actor{
		actor("admin", "GX"),
		actor("office", "GX01"),     // a city office above the branch
		actor("office", "GX0101"),   // the branch's own county office: still above it
		actor("committee", "GX01"),  // a committee covering the branch
		actor("committee", "GX"),    // the province committee
		actor("leader", "GX0101"),   // sees the appeal, may not act on it
		actor("staff", "GX0101-B2"), // the unit itself
	}
	mayReview := map[string]bool{"admin@GX": true, "office@GX01": true, "office@GX0101": true}
	mayDecide := map[string]bool{"admin@GX": true, "committee@GX01": true, "committee@GX": true}
	steps := []struct {
		name, from string
		may        map[string]bool
		run        func(a queries.Actor, id int64) error
	}{
		{"forward", queries.AppealSubmitted, mayReview, func(a queries.Actor, id int64) error {
			_, err := New(s).ReviewAppeal(ctx, a, id, "forward", "转呈")
			return err
		}},
		{"reject", queries.AppealSubmitted, mayReview, func(a queries.Actor, id int64) error {
			_, err := New(s).ReviewAppeal(ctx, a, id, "reject", "证据不足")
			return err
		}},
		{"uphold", queries.AppealForwarded, mayDecide, func(a queries.Actor, id int64) error {
			_, err := New(s).DecideAppeal(ctx, a, id, "uphold", nil, "支持")
			return err
		}},
		{"dismiss", queries.AppealForwarded, mayDecide, func(a queries.Actor, id int64) error {
			_, err := New(s).DecideAppeal(ctx, a, id, "dismiss", nil, "不支持")
			return err
		}},
	}
	states := []string{queries.AppealSubmitted, queries.AppealForwarded, queries.AppealRejected, queries.AppealUpheld, queries.AppealDismissed}
	for _, state := range states {
		for _, st := range steps {
			for _, a := range roles {
				want := 403
				if st.may[a.Username] {
					want = 409
					if state == st.from {
						want = 200
					}
				}
				t.Run(fmt.Sprintf("%s/%s/%s", state, st.name, a.Username), func(t *testing.T) {
					id := seedAppeal(t, s, state)
					if got := statusOf(st.run(a, id)); got != want {
						t.Fatalf("got %d want %d", got, want)
					}
				})
			}
		}
	}
	// An office of the unit itself is not above it; a peer office does not see it.
	id := seedAppealOn(t, s, "GX0101", "D01", queries.AppealSubmitted)
	if _, err := New(s).ReviewAppeal(ctx, actor("office", "GX0101"), id, "forward", ""); statusOf(err) != 403 {
		t.Errorf("own office reviewing: %v", err)
	}
	if _, err := New(s).ReviewAppeal(ctx, actor("office", "GX02"), id, "forward", ""); statusOf(err) != 404 {
		t.Errorf("peer office reviewing: %v", err)
	}
	if _, err := New(s).DecideAppeal(ctx, actor("committee", "GX0102"), id, "dismiss", nil, "x"); statusOf(err) != 404 {
		t.Errorf("sibling committee deciding: %v", err)
	}
}

// seedAppeal puts an appeal on GX0101-B2 E03 2025Q4 directly into a state.
func seedAppeal(t *testing.T, s *queries.Store, status string) int64 {
	return seedAppealOn(t, s, "GX0101-B2", "E03", status)
}

func seedAppealOn(t *testing.T, s *queries.Store, unit, ind, status string) int64 {
	return fixture.SeedAppeal(t, s, unit, ind, status)
}

// The story of the issue: a branch files during review; the city office
// forwards; the committee upholds; the branch sees its new score and rank
// and the ruling's history; finalising refuses a late import and a late appeal.
func TestAppealStory(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	branch, city, committee := actor("staff", "GX0101-B2"), actor("office", "GX01"), actor("committee", "GX")

	before, err := s.RankingForUnit(ctx, branch.Scope, "2025Q4", "GX0101-B2")
	if err != nil {
		t.Fatal(err)
	}
	if r := selfRow(t, before); r.Rank != 2 || r.Score != 70.05 {
		t.Fatalf("before: rank %d score %.2f, want 2 and 70.05 (expected_scores.csv)", r.Rank, r.Score)
	}

	// The county's peers may not act for the branch; the branch files.
	if _, err := New(s).FileAppeal(ctx, actor("staff", "GX0101-B1"), queries.AppealInput{UnitCode: "GX0101-B2", IndicatorCode: "E03", Period: "2025Q4", ClaimedActual: ptr(96.0), Reason: "x"}); statusOf(err) != 404 {
		t.Fatalf("a peer branch filing: %v", err)
	}
	a, err := New(s).FileAppeal(ctx, branch, queries.AppealInput{UnitCode: "GX0101-B2", IndicatorCode: "E03", Period: "2025q4", ClaimedActual: ptr(96.0),
		Reason: "满意度调查漏计了第四季度的两次回访"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != queries.AppealSubmitted || a.OldActual == nil || *a.OldActual != 89.5 || a.IndicatorName != "服务满意度" {
		t.Fatalf("filed: %+v", a)
	}
	if _, err := New(s).FileAppeal(ctx, branch, queries.AppealInput{UnitCode: "GX0101-B2", IndicatorCode: "E03", Period: "2025Q4", ClaimedActual: ptr(97.0), Reason: "再次"}); statusOf(err) != 409 {
		t.Fatalf("a second pending appeal on the same value: %v", err)
	}
	pdf := append([]byte("%PDF-1.4\n"), make([]byte, 100)...)
	if _, err := d.AddAttachment(ctx, branch, "appeal", a.ID, "../回访记录.pdf", pdf); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddAttachment(ctx, branch, "appeal", a.ID, "x.pdf", []byte("MZ not a pdf")); statusOf(err) != 400 {
		t.Fatalf("a disguised file: %v", err)
	}

	// The committee cannot decide before the office forwards.
	if _, err := New(s).DecideAppeal(ctx, committee, a.ID, "uphold", nil, ""); statusOf(err) != 409 {
		t.Fatalf("deciding a submitted appeal: %v", err)
	}
	if _, err := New(s).ReviewAppeal(ctx, city, a.ID, "forward", "材料属实，转呈考评委员会"); err != nil {
		t.Fatal(err)
	}
	got, err := New(s).DecideAppeal(ctx, committee, a.ID, "uphold", nil, "经核实予以支持")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != queries.AppealUpheld || got.DecidedActual == nil || *got.DecidedActual != 96 || len(got.History) != 3 {
		t.Fatalf("decided: %+v", got)
	}

	// The branch sees its new score and rank: E03 (threshold 95, weight 20)
	// now earns its 20 points, so 70.05 + 20 = 90.05, first of two.
	after, err := s.RankingForUnit(ctx, branch.Scope, "2025Q4", "GX0101-B2")
	if err != nil {
		t.Fatal(err)
	}
	if r := selfRow(t, after); r.Rank != 1 || r.Score != 90.05 || r.Grade != "good" {
		t.Fatalf("after: rank %d score %.2f grade %s, want 1, 90.05, good", r.Rank, r.Score, r.Grade)
	}
	bd, err := s.Breakdown(ctx, branch.Scope, "GX0101-B2", "2025Q4")
	if err != nil {
		t.Fatal(err)
	}
	for _, ir := range bd.Indicators {
		if ir.Code == "E03" && (ir.Actual == nil || *ir.Actual != 96 || !ir.Decided || ir.Earned != 20) {
			t.Fatalf("E03 after the ruling: %+v", ir)
		}
	}
	var orig float64
	if err := s.DB().QueryRow("SELECT original_actual FROM ledger WHERE unit_code = 'GX0101-B2' AND indicator_code = 'E03' AND period = '2025Q4'").Scan(&orig); err != nil || orig != 89.5 {
		t.Fatalf("original value kept: %v %v", orig, err)
	}
	hist, err := s.Appeals(ctx, branch.Scope, queries.AppealFilter{Unit: "GX0101-B2"})
	if err != nil || len(hist) != 1 {
		t.Fatalf("history: %v %v", hist, err)
	}
	h := hist[0]
	if h.History[0].By != branch.Username || h.History[1].Step != queries.AppealForwarded || h.History[1].By != city.Username ||
		h.History[2].Step != queries.AppealUpheld || h.History[2].By != committee.Username || len(h.Files) != 1 || h.Files[0].Filename != "回访记录.pdf" {
		t.Fatalf("history: %+v", h)
	}
	for _, act := range []string{"appeal_file", "appeal_forward", "appeal_uphold", "attachment_add"} {
		if fixturestore.AuditCount(t, s, act) != 1 {
			t.Errorf("audit %s missing", act)
		}
	}

	// An import may not overwrite the decided value.
	late := fixture.WriteFile(t, "late.csv", "indicator_code,unit_code,period,actual,target,note\nE03,GX0101-B2,2025Q4,80,,\n")
	if _, err := imports.Import(ctx, s, data.KindValues, late, imports.Options{User: "office"}); err == nil {
		t.Fatal("import overwrote a decided value")
	}

	// Finalising: a late import and a late appeal are refused in plain words.
	if err := s.SetPeriodStatus(ctx, "office@GX", "2025Q4", "final"); err != nil {
		t.Fatal(err)
	}
	late = fixture.WriteFile(t, "late.csv", "indicator_code,unit_code,period,actual,target,note\nE01,GX0101-B2,2025Q4,11,,\n")
	_, err = imports.Import(ctx, s, data.KindValues, late, imports.Options{User: "office"})
	var rej *imports.RejectedError
	if !errors.As(err, &rej) || rej.Errors[0].Message != "考核期 2025Q4 已定稿，不能再修改" {
		t.Fatalf("late import: %v", err)
	}
	_, err = New(s).FileAppeal(ctx, branch, queries.AppealInput{UnitCode: "GX0101-B2", IndicatorCode: "E01", Period: "2025Q4", ClaimedActual: ptr(10.0), Reason: "迟到的申诉"})
	if statusOf(err) != 409 || err.Error() != "考核期 2025Q4 已定稿，不能再申诉 / period 2025Q4 is final: no more appeals" {
		t.Fatalf("late appeal: %v", err)
	}
	final, err := s.RankingForUnit(ctx, branch.Scope, "2025Q4", "GX0101-B2")
	if err != nil || selfRow(t, final).Score != 90.05 {
		t.Fatalf("the final ranking keeps the ruling: %v", err)
	}
}

func selfRow(t *testing.T, r *queries.Ranking) queries.RankingRow {
	t.Helper()
	for _, row := range r.Rows {
		if row.Self {
			return row
		}
	}
	t.Fatalf("no self row in %+v", r)
	return queries.RankingRow{}
}

func ptr[T any](v T) *T { return &v }
