package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"jixiao/reports"
)

// cmdReport writes the quarterly analysis report of a unit's subtree. The
// command line sees everything (queries.Everything), as an administrator.
func cmdReport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	db := dbFlag(fs)
	period := fs.String("period", "", "quarter, e.g. 2025Q4")
	unit := fs.String("unit", "", "unit code of the bureau whose subtree the report covers")
	format := fs.String("format", "html", "html, xlsx or pdf")
	out := fs.String("o", "", "output file")
	user := fs.String("user", envOr("USER", "cli"), "who the report names as its author")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "quarterly" || *period == "" || *unit == "" || *out == "" {
		return fmt.Errorf("usage: jixiao report quarterly --period P --unit U --format html|xlsx|pdf -o FILE")
	}
	return reports.QuarterlyFile(ctx, *db, *period, *unit, *user, *format, *out, os.Stdout)
}
