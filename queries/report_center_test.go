package queries

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries/fixture"
)

// fixtureBureaus are the fixture's bureaus as units.csv lists them.
func fixtureBureaus(t *testing.T) []string {
	var out []string
	for _, r := range readCSV(t, "units.csv") {
		if r[3] == "bureau" {
			out = append(out, r[0])
		}
	}
	return out
}

// storeFake stores a small two-format report for unit, as the job would.
func storeFake(t *testing.T, s *Store, run int64, period, unit string) {
	t.Helper()
	ctx := context.Background()
	v, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	at := int64(5)
	err = s.SaveReport(ctx, ReportBuild{RunID: run, Period: period, UnitCode: unit, DataVersion: v, By: "test", Names: subtreeOf(t, unit),
		Files: []ReportFileBody{{Format: "html", Body: []byte("<html>" + unit + "</html>"), LibAt: &at, Size: 20}, {Format: "xlsx", Body: []byte("PK" + unit), Size: 8}}})
	if err != nil {
		t.Fatalf("save %s: %v", unit, err)
	}
}

// subtreeOf is unit and every unit below it in units.csv: what a report
// of unit names (besides its peers, which receives checks on its own).
func subtreeOf(t *testing.T, unit string) []string {
	t.Helper()
	parent := map[string]string{}
	for _, r := range readCSV(t, "units.csv") {
		parent[r[0]] = r[2]
	}
	var out []string
	for c := range parent {
		for u := c; u != ""; u = parent[u] {
			if u == unit {
				out = append(out, c)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

func inboxCodes(t *testing.T, s *Store, sc Scope) []string {
	t.Helper()
	in, err := s.ReportInbox(context.Background(), sc, InboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return fixture.Codes(in.Items, func(it InboxItem) string { return it.UnitCode }, false)
}

// TestReviewQueuesAReportRun: moving a quarter to review queues one run
// whose work is every bureau; back to open cancels it; a stored report
// refuses a cancelled run and moved data, and replaces the previous one.
func TestReviewQueuesAReportRun(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	if r, err := s.NextReportRun(ctx); err != nil || r != nil {
		t.Fatalf("before review: run %+v, %v; want none", r, err)
	}
	publish(t, s, "2025Q4")
	run, err := s.NextReportRun(ctx)
	if err != nil || run == nil || run.Period != "2025Q4" || run.Status != "pending" {
		t.Fatalf("after review: %+v, %v", run, err)
	}
	todo, err := s.ReportRunTodo(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := fixtureBureaus(t)
	got := append([]string(nil), todo...)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("todo %v, want the %d bureaus of units.csv", got, len(want))
	}
	if err := s.BeginReportRun(ctx, run.ID); err != nil {
		t.Fatal(err)
	}
	storeFake(t, s, run.ID, "2025Q4", "GX01")
	todo, _ = s.ReportRunTodo(ctx, run.ID)
	if len(todo) != len(want)-1 || hasCode(todo, "GX01") {
		t.Fatalf("after GX01: %d todo (GX01 in it: %v), want %d", len(todo), hasCode(todo, "GX01"), len(want)-1)
	}

	// Data moved since the version read: refused, nothing stored.
	v, _ := s.DataVersion(ctx)
	if _, err := s.DB().Exec("UPDATE data_version SET v = v + 1"); err != nil {
		t.Fatal(err)
	}
	err = s.SaveReport(ctx, ReportBuild{RunID: run.ID, Period: "2025Q4", UnitCode: "GX02", DataVersion: v, By: "test",
		Names: []string{"GX02"}, Files: []ReportFileBody{{Format: "html", Body: []byte("x"), Size: 1}}})
	if !errors.Is(err, ErrDataMoved) {
		t.Fatalf("moved data: %v, want ErrDataMoved", err)
	}
	if n := countRows(t, s, "SELECT count(*) FROM reports WHERE unit_code = 'GX02'"); n != 0 {
		t.Fatalf("%d GX02 rows stored after a refusal", n)
	}

	// Back to open: the run is cancelled and stores nothing more.
	if err := s.SetPeriodStatus(ctx, "office@GX", "2025Q4", "open"); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.ReportRunByID(ctx, run.ID); r.Status != "cancelled" {
		t.Fatalf("after open: run %s, want cancelled", r.Status)
	}
	v, _ = s.DataVersion(ctx)
	err = s.SaveReport(ctx, ReportBuild{RunID: run.ID, Period: "2025Q4", UnitCode: "GX02", DataVersion: v, By: "test",
		Names: []string{"GX02"}, Files: []ReportFileBody{{Format: "html", Body: []byte("x"), Size: 1}}})
	if !errors.Is(err, ErrRunCancelled) {
		t.Fatalf("cancelled run: %v, want ErrRunCancelled", err)
	}
	if todo, _ := s.ReportRunTodo(ctx, run.ID); len(todo) != 0 {
		t.Fatalf("a cancelled run has %d todo", len(todo))
	}

	// Review again: a new run; storing GX01 again replaces its two files.
	publish(t, s, "2025Q4")
	run2, _ := s.NextReportRun(ctx)
	if run2 == nil || run2.ID == run.ID {
		t.Fatalf("second review: %+v", run2)
	}
	storeFake(t, s, run2.ID, "2025Q4", "GX01")
	if n := countRows(t, s, "SELECT count(*) FROM reports WHERE unit_code = 'GX01'"); n != 2 {
		t.Fatalf("GX01 has %d stored files, want 2 (html, xlsx)", n)
	}
	f, err := s.ReportFile(ctx, Everything, "2025Q4", "GX01", "html")
	if err != nil || string(f.Body) != "<html>GX01</html>" || f.LibAt == nil || *f.LibAt != 5 {
		t.Fatalf("file: %+v, %v", f, err)
	}
}

func countRows(t *testing.T, s *Store, q string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func hasCode(list []string, x string) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

// TestInboxScope: each recipient receives the reports of the bureaus of
// its own subtree, none of its peers', a dept and staff none, and a
// report whose peer group reaches outside an ancestor's scope only its
// own bureau. Expectations come from units.csv (parents), not the store.
func TestInboxScope(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	run, _ := s.NextReportRun(ctx)
	bureaus := fixtureBureaus(t)
	for _, b := range bureaus {
		storeFake(t, s, run.ID, "2025Q4", b)
	}
	under := func(root string) []string {
		var out []string
		for _, u := range subtreeOf(t, root) {
			if hasCode(bureaus, u) {
				out = append(out, u)
			}
		}
		return out
	}
	cases := []struct {
		role, unit string
		want       []string
	}{
		{"admin", "GX", under("GX")},
		{"office", "GX", under("GX")},
		{"office", "GX04", under("GX04")},
		{"leader", "GX01", under("GX01")},
		{"committee", "GX02", under("GX02")},
		{"leader", "GX0101", []string{"GX0101"}},
		{"dept", "GX01-ZG", nil},
		{"staff", "GX0401-B1", nil},
	}
	for _, c := range cases {
		got := inboxCodes(t, s, scopeFor(c.role, c.unit))
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s@%s receives %v, want %v", c.role, c.unit, got, c.want)
		}
		for _, other := range []string{"GX0201", "GX01", "GX"} {
			_, err := s.ReportFile(ctx, scopeFor(c.role, c.unit), "2025Q4", other, "html")
			if in := hasCode(c.want, other); in != (err == nil) {
				t.Errorf("%s@%s download %s: %v (receives it: %v)", c.role, c.unit, other, err, in)
			} else if !in && !errors.Is(err, ErrNotFound) {
				t.Errorf("%s@%s download %s: %v, want ErrNotFound", c.role, c.unit, other, err)
			}
		}
	}
	if got := inboxCodes(t, s, Scope{}); len(got) != 0 {
		t.Errorf("the zero Scope receives %v", got)
	}

	// A peer group across cities: GX0101 and GX0201 ranked together. The
	// report of GX0101 names GX0201, which GX01's office does not see.
	body, err := os.ReadFile(filepath.Join(fixtureDir(t), "units.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(body), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "GX0101,") || strings.HasPrefix(l, "GX0201,") {
			lines[i] = strings.TrimSuffix(strings.TrimRight(l, "\r"), ",") + ",county-matrix"
		}
	}
	mustImport(t, s, data.KindUnits, writeFile(t, "units.csv", strings.Join(lines, "\n")))
	got := inboxCodes(t, s, scopeFor("office", "GX01"))
	want := under("GX01")
	want = want[:0:0]
	for _, b := range under("GX01") {
		if b != "GX0101" {
			want = append(want, b)
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("with the matrix group GX01's office receives %v, want %v (not GX0101)", got, want)
	}
	if got := inboxCodes(t, s, scopeFor("leader", "GX0101")); strings.Join(got, ",") != "GX0101" {
		t.Errorf("GX0101's leader receives %v, want its own report", got)
	}
}

// TestInboxNewSinceVisit: every report is new before the first visit, none
// after it, and a report stored later is new again.
func TestInboxNewSinceVisit(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	run, _ := s.NextReportRun(ctx)
	storeFake(t, s, run.ID, "2025Q4", "GX01")
	storeFake(t, s, run.ID, "2025Q4", "GX0101")
	sc := scopeFor("leader", "GX01")
	in, err := s.ReportInbox(ctx, sc, InboxFilter{Username: "city_leader"})
	if err != nil || in.New != 2 || in.SeenAt != nil || !in.Items[0].New {
		t.Fatalf("before a visit: %+v, %v; want 2 new", in, err)
	}
	if err := s.MarkReportsSeen(ctx, "city_leader"); err != nil {
		t.Fatal(err)
	}
	in, _ = s.ReportInbox(ctx, sc, InboxFilter{Username: "city_leader"})
	if in.New != 0 || in.SeenAt == nil || len(in.Items) != 2 {
		t.Fatalf("after the visit: %d new of %d, seen %v; want 0 of 2", in.New, len(in.Items), in.SeenAt)
	}
	other, _ := s.ReportInbox(ctx, sc, InboxFilter{Username: "someone_else"})
	if other.New != 2 {
		t.Fatalf("another user's visit counted: %d new", other.New)
	}
	storeFake(t, s, run.ID, "2025Q4", "GX0101")
	in, _ = s.ReportInbox(ctx, sc, InboxFilter{Username: "city_leader"})
	if in.New != 1 {
		t.Fatalf("after GX0101 was regenerated: %d new, want 1", in.New)
	}
	for _, it := range in.Items {
		if it.New != (it.UnitCode == "GX0101") || strings.Join(it.Formats, ",") != "html,xlsx" {
			t.Errorf("%s: new %v, formats %v", it.UnitCode, it.New, it.Formats)
		}
	}
	// Filtered by quarter.
	if in, _ := s.ReportInbox(ctx, sc, InboxFilter{Period: "2025Q3"}); len(in.Items) != 0 {
		t.Errorf("2025Q3 has %d items, want none", len(in.Items))
	}
}

// TestReportProblems: the latest failed attempt of a bureau is listed with
// its message until an attempt succeeds.
func TestReportProblems(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	run, _ := s.NextReportRun(ctx)
	if err := s.LogReportAttempt(ctx, ReportAttempt{RunID: run.ID, Period: "2025Q4", UnitCode: "GX02", Status: "failed", Message: "图表生成失败", By: "jixiao"}); err != nil {
		t.Fatal(err)
	}
	ps, err := s.ReportProblems(ctx, Everything)
	if err != nil || len(ps) != 1 || ps[0].UnitCode != "GX02" || ps[0].Message != "图表生成失败" || ps[0].Stored {
		t.Fatalf("problems %+v, %v", ps, err)
	}
	if ps, _ := s.ReportProblems(ctx, scopeFor("office", "GX01")); len(ps) != 0 {
		t.Fatalf("GX01's office sees %+v of GX02", ps)
	}
	runs, err := s.ReportRuns(ctx, Everything, 10)
	if err != nil || len(runs) != 1 || runs[0].Failed != 1 || runs[0].OK != 0 {
		t.Fatalf("runs %+v, %v", runs, err)
	}
	storeFake(t, s, 0, "2025Q4", "GX02") // a retry outside the run
	if ps, _ := s.ReportProblems(ctx, Everything); len(ps) != 0 {
		t.Fatalf("after a successful retry: %+v", ps)
	}
}
