package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"jixiao/queries/sources"
)

// cmdPull is `jixiao pull NAME --period P`: one run of a pull (trigger
// manual), as POST /api/pulls/{id}/run does.
func cmdPull(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("pull", flag.ContinueOnError)
	db := dbFlag(fs)
	period := fs.String("period", "", "the quarter to pull, e.g. 2025Q3")
	user := fs.String("user", envOr("USER", "cli"), "who runs it (batch history)")
	dry := fs.Bool("dry-run", false, "run it and roll it back: nothing is kept")
	lang := fs.String("lang", "zh", "language of messages: zh or en")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *period == "" {
		return fmt.Errorf("usage: jixiao pull NAME --period P")
	}
	return sources.RunFile(ctx, *db, pos[0], *period, sources.RunOptions{User: *user, DryRun: *dry, Lang: *lang}, os.Stdout, os.Stderr)
}
