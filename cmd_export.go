package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"jixiao/reports"
)

func cmdExport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	db := dbFlag(fs)
	period := fs.String("period", "", "quarter (2025Q4) or year (2025); empty = all")
	format := fs.String("format", "csv", "csv, xlsx or json")
	out := fs.String("o", "", "output file (default standard output)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "scores" {
		return fmt.Errorf("usage: jixiao export scores [--period P] [--format csv|xlsx|json]")
	}
	return reports.ExportScoresFile(ctx, *db, *period, *format, *out, os.Stdout)
}
