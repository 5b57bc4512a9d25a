package imports

import (
	"context"
	"errors"

	"jixiao/data"
	"jixiao/queries"
)

var errNoUsersFile = errors.New("a users file is imported with the accounts room's rules (Options.Users: accounts.UsersFile), which this caller did not pass")

// checkUsers applies the accounts room's rules to a staged users file.
func checkUsers(ctx context.Context, x queries.Execer, st *staged, users UsersFile) ([]issue, error) {
	if users == nil {
		return nil, errNoUsersFile
	}
	ps, err := users.Check(ctx, x)
	if err != nil {
		return nil, err
	}
	var out []issue
	for _, p := range ps {
		out = append(out, issue{Row: p.Row, Column: st.column(p.Field), Msg: data.Msg{Key: "account_rule", Args: []any{p.Zh, p.En}}})
	}
	return out, nil
}

// applyUsers writes a checked users file.
func applyUsers(ctx context.Context, x queries.Execer, users UsersFile) error {
	if users == nil {
		return errNoUsersFile
	}
	return users.Apply(ctx, x)
}
