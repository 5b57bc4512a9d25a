package queries

import (
	"context"
	"os"
	"testing"

	"jixiao/queries/fixture"
)

// scopeFor mirrors the server's policy (SPEC §4) for tests of this package.
func scopeFor(role, unit string) Scope {
	switch role {
	case "admin":
		return Everything
	case "office", "committee", "leader":
		return Scope{Unit: unit, Subtree: true, PeersNamed: true, Statuses: []string{"open", "review", "final"}}
	}
	return Scope{Unit: unit, PeersAnon: true, Statuses: []string{"review", "final"}}
}

// rightsFor are the write rights the default policy (server/policy/policy.csv) grants.
func rightsFor(role string) Rights {
	own, below, all := []Reach{ReachOwn}, []Reach{ReachBelow}, []Reach{ReachAll}
	switch role {
	case "admin":
		r := Rights{}
		for _, act := range Actions {
			r[act] = all
		}
		return r
	case "office":
		return Rights{ActAppealFile: {ReachOwn, ReachBelow}, ActAppealReview: below, ActAdjust: below, ActRectify: below,
			ActRectifyProgress: own, ActMinutes: {ReachOwn, ReachBelow}}
	case "committee":
		return Rights{ActAppealDecide: {ReachOwn, ReachBelow}}
	case "leader", "dept", "staff":
		return Rights{ActAppealFile: own, ActRectifyProgress: own}
	}
	return nil
}

func actor(role, unit string) Actor {
	return Actor{Username: role + "@" + unit, Role: role, UnitCode: unit, Rights: rightsFor(role), Scope: scopeFor(role, unit)}
}

// statusOf maps an error to the HTTP status the server answers with.
func statusOf(err error) int {
	if err == nil {
		return 200
	}
	switch KindOf(err) {
	case NotFound:
		return 404
	case Forbidden:
		return 403
	case Conflict:
		return 409
	case Invalid:
		return 400
	}
	return 500
}

func ptr[T any](v T) *T { return &v }

// publish moves a fixture quarter to review.
func publish(t testing.TB, s *Store, period string) {
	t.Helper()
	if err := s.SetPeriodStatus(context.Background(), "office@GX", period, "review"); err != nil {
		t.Fatal(err)
	}
}

// auditCount counts audit rows of an action.
func auditCount(t testing.TB, s *Store, action string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM audit WHERE action = ?", action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func writeFileAt(path, body string) error { return os.WriteFile(path, []byte(body), 0o644) }

// seedAppeal puts an appeal on GX0101-B2 E03 2025Q4 directly into a state.
func seedAppeal(t *testing.T, s *Store, status string) int64 {
	return seedAppealOn(t, s, "GX0101-B2", "E03", status)
}

func seedAppealOn(t *testing.T, s *Store, unit, ind, status string) int64 {
	return fixture.SeedAppeal(t, s, unit, ind, status)
}
