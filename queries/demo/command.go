package demo

import (
	"context"
	"errors"
	"fmt"
	"io"

	"jixiao/data"
	"jixiao/queries"
)

// LoadFile is `jixiao demo`: the demo province at scale, with its
// workflow, loaded into the database at db (a line per table on log),
// then the demo logins printed on out.
func LoadFile(ctx context.Context, db string, scale int, out, log io.Writer) (err error) {
	s, err := queries.OpenFile(db)
	if err != nil {
		return err
	}
	// A failed final checkpoint is said: the data is then in the log.
	defer func() { err = errors.Join(err, s.Close()) }()
	logins, err := Load(ctx, s, scale, Options{Workflow: true, Log: log})
	if err != nil {
		return err
	}
	PrintLogins(out, logins)
	return nil
}

// LoadIfEmpty is `jixiao serve --demo`: the demo province at scale 1
// loaded into s when it holds no unit yet; the demo logins printed on
// out either way.
func LoadIfEmpty(ctx context.Context, s *queries.Store, out, log io.Writer) error {
	empty, err := s.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		fmt.Fprintln(out, "数据库已有数据，未重新加载演示数据 / the database already holds data; the demo was not reloaded")
		PrintLogins(out, data.DemoLogins())
		return nil
	}
	logins, err := Load(ctx, s, 1, Options{Workflow: true, Log: log})
	if err != nil {
		return err
	}
	PrintLogins(out, logins)
	return nil
}

// PrintLogins lists the demo logins on w.
func PrintLogins(w io.Writer, logins []data.DemoLogin) {
	fmt.Fprintln(w, "演示账号 / demo logins:")
	for _, l := range logins {
		fmt.Fprintf(w, "  %-14s 密码 %-12s 角色 %-9s 单位 %-10s %s\n", l.Username, l.Password, l.Role, l.UnitCode, l.Name)
	}
}
