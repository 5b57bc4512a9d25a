package workflow

import (
	"context"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture"
	"jixiao/queries/fixture/fixturestore"
)

// dutyStore is the fixture with fixture.DutyUsers and their responsibilities.
func dutyStore(t *testing.T) *queries.Store {
	t.Helper()
	s := fixturestore.Open(t)
	fixture.AddUsers(t, s, fixture.DutyUsers)
	if _, err := s.Import(context.Background(), data.KindResponsibilities, fixture.WriteFile(t, "resp.csv", fixture.DutyResponsibilities),
		queries.ImportOptions{User: "fixture"}); err != nil {
		t.Fatal(err)
	}
	return s
}

var auditCount = fixturestore.AuditCount
