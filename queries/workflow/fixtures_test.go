package workflow

// The fixtures of the workflow room's tests: the reference province, the
// default policy's actors, the people of SPEC §13.

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
	"jixiao/queries/fixture/fixturestore"
	"jixiao/queries/imports"
)

// dutyStore is the fixture with fixture.DutyUsers and their responsibilities.
func dutyStore(t *testing.T) *queries.Store {
	t.Helper()
	s := fixturestore.Open(t)
	fixture.AddUsers(t, s, fixture.DutyUsers)
	if _, err := imports.Import(context.Background(), s, data.KindResponsibilities, fixture.WriteFile(t, "resp.csv", fixture.DutyResponsibilities),
		imports.Options{User: "fixture"}); err != nil {
		t.Fatal(err)
	}
	return s
}

var (
	actor      = fixturestore.Actor
	statusOf   = fixturestore.StatusOf
	publish    = fixturestore.Publish
	auditCount = fixturestore.AuditCount
)

// openDesk is a copy of the reference province (fixturestore.Open) and the
// workflow room on it.
func openDesk(t *testing.T) (*queries.Store, *Desk) {
	s := fixturestore.Open(t)
	return s, New(s)
}

// collector is actor with the collection rights of the default policy.
func collector(role, unit string) queries.Actor {
	a := actor(role, unit)
	r := queries.Rights{}
	for k, v := range a.Rights {
		r[k] = v
	}
	r[queries.ActSubmit], r[queries.ActExplain] = []queries.Reach{queries.ReachOwn}, []queries.Reach{queries.ReachOwn}
	if role == "office" {
		r[queries.ActSubmitAccept], r[queries.ActFieldCheck], r[queries.ActExplainAccept] = []queries.Reach{queries.ReachBelow}, []queries.Reach{queries.ReachBelow}, []queries.Reach{queries.ReachBelow}
	}
	if role == "admin" {
		r = queries.AllRights()
	}
	a.Rights = r
	return a
}

func items(kv ...any) []queries.SubmissionItemInput {
	var out []queries.SubmissionItemInput
	for i := 0; i < len(kv); i += 2 {
		raw, _ := json.Marshal(kv[i+1])
		out = append(out, queries.SubmissionItemInput{IndicatorCode: kv[i].(string), Actual: raw})
	}
	return out
}

func unitScore(t *testing.T, s *queries.Store, unit, period string) float64 {
	t.Helper()
	bd, err := s.Breakdown(context.Background(), queries.Everything, unit, period)
	if err != nil {
		t.Fatalf("breakdown %s %s: %v", unit, period, err)
	}
	return bd.Score
}

// code is the status the server answers err with (a ParamError is 422).
func code(err error) int {
	var pe *queries.ParamError
	if errors.As(err, &pe) {
		return 422
	}
	return statusOf(err)
}
