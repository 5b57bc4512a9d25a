// Package workflow is the write side of the review workflow (SPEC §5):
// the rules of who may take which step on an appeal, and when, in one
// room. Its scoped reads (Appeals, Appeal, …) stay on the Store, where
// the read door (queries/reads) calls them; each write here re-checks
// visibility with Store.MustSeeFlow inside its own transaction. It
// reaches the store through queries/store_export_workflow.go.
package workflow

import "jixiao/queries"

// Desk is the workflow room bound to one store.
type Desk struct {
	st *queries.Store
}

// New binds the workflow room to st.
func New(st *queries.Store) *Desk { return &Desk{st: st} }

func forbidden(zh, en string) error { return queries.NewError(queries.Forbidden, zh, en) }
func conflict(zh, en string) error  { return queries.NewError(queries.Conflict, zh, en) }
func invalid(zh, en string) error   { return queries.NewError(queries.Invalid, zh, en) }

// orErr is err unless it is nil, else otherwise.
func orErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
