// Package accounts is the accounts room of the store: users (listed,
// written, imported), sign-in with a local password or the directory,
// sessions and API tokens, the login throttle's memory, and the rules of
// who may manage whose account (SPEC §14). It reaches the store through
// the exported methods of queries/store_export_accounts.go.
package accounts

import (
	"database/sql"

	"jixiao/queries"
)

// Book is the accounts room bound to one store.
type Book struct {
	st *queries.Store
}

// New binds the accounts room to st.
func New(st *queries.Store) *Book { return &Book{st: st} }

func (b *Book) db() *sql.DB { return b.st.DB() }

func forbidden(zh, en string) error { return queries.NewError(queries.Forbidden, zh, en) }
func conflict(zh, en string) error  { return queries.NewError(queries.Conflict, zh, en) }

func paramErr(key, msg string) *queries.ParamError {
	return &queries.ParamError{Problems: []queries.ParamProblem{{Key: key, Message: msg}}}
}
