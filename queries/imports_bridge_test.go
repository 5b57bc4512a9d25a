package queries_test

import (
	"context"
	"errors"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/accounts"
	"jixiao/queries/imports"
)

// The bridge of export_imports_test.go: the imports room's functions, with
// their answers in the shapes the tests of package queries read.
func init() {
	queries.SetTestImports(queries.TestImports{
		Import: func(ctx context.Context, s *queries.Store, kind data.Kind, path string, o queries.ImportOptions) (*queries.Batch, error) {
			b, err := imports.Import(ctx, s, kind, path, imports.Options{User: o.User, Filename: o.Filename, Lang: o.Lang,
				Source: o.Source, Progress: o.Progress, DryRun: o.DryRun, Writer: o.Writer, Users: accounts.UsersFile{}})
			return testBatch(b, err)
		},
		Rollback: imports.Rollback,
		ApplyScenario: func(ctx context.Context, s *queries.Store, a queries.Actor, id int64, from string) (*queries.Batch, error) {
			return testBatch(imports.ApplyScenario(ctx, s, a, id, from))
		},
	})
}

// testErr is err with a rejection as the tests see it.
func testErr(err error) error {
	var rej *imports.RejectedError
	if errors.As(err, &rej) {
		return &queries.RejectedError{Errors: rej.Errors}
	}
	return err
}

func testBatch(b *imports.Batch, err error) (*queries.Batch, error) {
	if err != nil {
		return nil, testErr(err)
	}
	tb := &queries.Batch{ID: b.ID, Rows: b.Rows, Kind: b.Kind, Format: b.Format, SHA256: b.SHA256, User: b.User, CreatedAt: b.CreatedAt}
	if p := b.Preview; p != nil {
		tb.Preview = &queries.ImportPreview{Rows: p.Rows, Added: p.Added, Replaced: p.Replaced, Moved: p.Moved}
	}
	return tb, nil
}
