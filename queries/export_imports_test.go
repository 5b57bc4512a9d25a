package queries

import (
	"context"
	"fmt"
	"time"

	"jixiao/data"
)

// The imports room (package queries/imports) imports this package, so the
// tests of this package cannot import it (a cycle). They load their
// provinces through it all the same: imports_bridge_test.go (package
// queries_test, compiled into the same test binary, which may import the
// room) hands its functions to testImports at init, and the methods below
// call them, with the fields these tests read. A test binary without the
// bridge fails at its first import, never skips.

// TestImports are the imports room's functions these tests call.
type TestImports struct {
	Import        func(ctx context.Context, s *Store, kind data.Kind, path string, opt ImportOptions) (*Batch, error)
	Rollback      func(ctx context.Context, s *Store, id int64, user string) error
	ApplyScenario func(ctx context.Context, s *Store, a Actor, id int64, from string) (*Batch, error)
}

var testImports TestImports

// SetTestImports is called once, by imports_bridge_test.go.
func SetTestImports(ti TestImports) { testImports = ti }

// ImportOptions are the imports.Options these tests set.
type ImportOptions struct {
	User, Filename, Lang, Source string
	Progress                     func(phase string)
	DryRun                       bool
	Writer                       *Actor
}

// Batch is the part of an imports.Batch these tests read.
type Batch struct {
	ID, Rows                   int64
	Kind, Format, SHA256, User string
	CreatedAt                  time.Time
	Preview                    *ImportPreview
}

// ImportPreview is the part of an imports.Preview these tests read.
type ImportPreview struct{ Rows, Added, Replaced, Moved int64 }

// RejectedError is an imports.RejectedError as these tests see it.
type RejectedError struct{ Errors []data.RowError }

func (e *RejectedError) Error() string {
	return fmt.Sprintf("the file was rejected with %d error(s); nothing was changed", len(e.Errors))
}

func mustBridge() {
	if testImports.Import == nil {
		panic("queries tests: imports_bridge_test.go did not hand over the imports room")
	}
}

// Import is imports.Import for these tests.
func (s *Store) Import(ctx context.Context, kind data.Kind, path string, opt ImportOptions) (*Batch, error) {
	mustBridge()
	return testImports.Import(ctx, s, kind, path, opt)
}

// Rollback is imports.Rollback for these tests.
func (s *Store) Rollback(ctx context.Context, id int64, user string) error {
	mustBridge()
	return testImports.Rollback(ctx, s, id, user)
}

// ApplyScenario is imports.ApplyScenario for these tests.
func (s *Store) ApplyScenario(ctx context.Context, a Actor, id int64, from string) (*Batch, error) {
	mustBridge()
	return testImports.ApplyScenario(ctx, s, a, id, from)
}
