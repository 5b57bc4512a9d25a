package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"jixiao/data"
	"jixiao/queries/accounts"
	"jixiao/queries/imports"
)

func cmdImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	db := dbFlag(fs)
	user := fs.String("user", envOr("USER", "cli"), "who imports (batch history)")
	lang := fs.String("lang", "zh", "language of error messages: zh or en")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("usage: jixiao import KIND FILE")
	}
	kind, ok := data.ParseKind(pos[0])
	if !ok {
		return fmt.Errorf("unknown kind %q: units, indicators, values, adjustments, users or responsibilities", pos[0])
	}
	return imports.ImportFile(ctx, imports.FileImport{DB: *db, File: pos[1], Kind: kind, User: *user, Lang: *lang,
		Progress: isTerminal(os.Stderr), Out: os.Stdout, Err: os.Stderr, Users: accounts.UsersFile{}})
}
