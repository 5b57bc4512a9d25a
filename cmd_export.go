package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"jixiao/data"
	"jixiao/queries"
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
	if *period != "" {
		if _, err := data.ParsePeriod(*period); err != nil {
			return err
		}
	}
	s, err := openStore(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	rows, err := s.Scores(ctx, queries.Everything, *period)
	if err != nil {
		return err
	}
	w := os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return reports.WriteScores(w, *format, rows)
}
