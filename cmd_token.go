package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
)

const tokenUsage = `usage:
  jixiao token create USER [--name NAME] [--db …]   print a new API token for USER (shown once)
  jixiao token list [USER] [--db …]
  jixiao token revoke ID [--db …]`

// cmdToken manages the API tokens machine clients send as
// "Authorization: Bearer <token>"; only their hashes are stored.
func cmdToken(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	db := dbFlag(fs)
	name := fs.String("name", "", "what the token is for (shown in the token list)")
	by := fs.String("user", envOr("USER", "cli"), "who creates or revokes (audit)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("%s", tokenUsage)
	}
	switch {
	case pos[0] == "create" && len(pos) == 2:
	case pos[0] == "list" && len(pos) <= 2:
	case pos[0] == "revoke" && len(pos) == 2:
	default:
		return fmt.Errorf("%s", tokenUsage)
	}
	s, err := openStore(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	switch pos[0] {
	case "create":
		secret, t, err := s.CreateToken(ctx, pos[1], *name, "cli:"+*by)
		if err != nil {
			return fmt.Errorf("user %q: %w", pos[1], err)
		}
		fmt.Fprintf(os.Stderr, "API 令牌 %d 已为 %s 创建；令牌只显示这一次，请妥善保存。\ntoken %d created for %s; it is shown only once:\n", t.ID, t.Username, t.ID, t.Username)
		fmt.Println(secret)
	case "list":
		user := ""
		if len(pos) == 2 {
			user = pos[1]
		}
		ts, err := s.Tokens(ctx, user)
		if err != nil {
			return err
		}
		for _, t := range ts {
			state := "active"
			if t.RevokedAt != nil {
				state = "revoked " + t.RevokedAt.Format("2006-01-02 15:04")
			}
			fmt.Printf("%5d  %-16s %-24s %s  %s\n", t.ID, t.Username, t.Name, t.CreatedAt.Format("2006-01-02 15:04"), state)
		}
	case "revoke":
		id, err := strconv.ParseInt(pos[1], 10, 64)
		if err != nil {
			return fmt.Errorf("token id %q is not a number", pos[1])
		}
		if err := s.RevokeToken(ctx, id, "cli:"+*by); err != nil {
			return fmt.Errorf("token %d: %w", id, err)
		}
		fmt.Printf("令牌 %d 已吊销 / token %d revoked\n", id, id)
	}
	return nil
}
