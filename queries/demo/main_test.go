package demo

import (
	"os"
	"testing"

	"jixiao/queries/fixture"
)

// TestMain runs the stores with one DuckDB thread (fixture.Main).
func TestMain(m *testing.M) { os.Exit(fixture.Main(m)) }
