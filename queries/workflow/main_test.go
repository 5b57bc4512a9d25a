package workflow

import (
	"os"
	"testing"

	"jixiao/queries"
	"jixiao/queries/fixture"
	"jixiao/queries/fixture/fixturestore"
)

func TestMain(m *testing.M) { os.Exit(fixture.Main(m)) }

// openDesk is a copy of the reference province (fixturestore.Open) and the
// workflow room on it.
func openDesk(t *testing.T) (*queries.Store, *Desk) {
	s := fixturestore.Open(t)
	return s, New(s)
}
