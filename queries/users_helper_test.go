package queries

import (
	"testing"

	"jixiao/queries/fixture"
)

// addUsers writes the accounts of a users CSV straight into the table
// (fixture.AddUsers).
func addUsers(t testing.TB, s *Store, text string) { fixture.AddUsers(t, s, text) }
