package main

import (
	"context"
	"flag"
	"fmt"
	"jixiao/queries/accounts"
	"os"
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
	arg := ""
	if len(pos) == 2 {
		arg = pos[1]
	}
	return accounts.TokenCommand(ctx, *db, pos[0], arg, *name, "cli:"+*by, os.Stdout, os.Stderr)
}
