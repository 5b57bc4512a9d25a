package workflow

import (
	"os"
	"testing"

	"jixiao/queries/fixture"
)

func TestMain(m *testing.M) { os.Exit(fixture.Main(m)) }
