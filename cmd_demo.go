package main

import (
	"context"
	"flag"
	"os"

	"jixiao/queries/demo"
)

func cmdDemo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	db := dbFlag(fs)
	scale := fs.Int("scale", 1, "size multiplier (10 gives ≥ 2 million ledger values)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	return demo.LoadFile(ctx, *db, *scale, os.Stdout, os.Stderr)
}
