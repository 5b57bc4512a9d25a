package accounts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"jixiao/queries"
)

// TokenCommand is `jixiao token` on the database at db, acting as by (for
// the audit): "create" makes a token for the user arg named name and
// prints its secret on out (shown once; the notice on errOut), "list"
// prints the tokens (of the user arg, or all), "revoke" ends the token
// whose id is arg.
func TokenCommand(ctx context.Context, db, op, arg, name, by string, out, errOut io.Writer) (err error) {
	s, err := queries.OpenFile(db)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	b := New(s)
	switch op {
	case "create":
		secret, t, err := b.CreateToken(ctx, arg, name, by)
		if err != nil {
			return fmt.Errorf("user %q: %w", arg, err)
		}
		fmt.Fprintf(errOut, "API 令牌 %d 已为 %s 创建；令牌只显示这一次，请妥善保存。\ntoken %d created for %s; it is shown only once:\n", t.ID, t.Username, t.ID, t.Username)
		fmt.Fprintln(out, secret)
	case "list":
		ts, err := b.Tokens(ctx, arg)
		if err != nil {
			return err
		}
		for _, t := range ts {
			state := "active"
			if t.RevokedAt != nil {
				state = "revoked " + t.RevokedAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(out, "%5d  %-16s %-24s %s  %s\n", t.ID, t.Username, t.Name, t.CreatedAt.Format("2006-01-02 15:04"), state)
		}
	case "revoke":
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			return fmt.Errorf("token id %q is not a number", arg)
		}
		if err := b.RevokeToken(ctx, id, by); err != nil {
			return fmt.Errorf("token %d: %w", id, err)
		}
		fmt.Fprintf(out, "令牌 %d 已吊销 / token %d revoked\n", id, id)
	}
	return nil
}
