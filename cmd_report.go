package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"jixiao/queries"
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
	if *format != "html" && *format != "xlsx" && *format != "pdf" {
		return fmt.Errorf("unknown format %q (html, xlsx or pdf)", *format)
	}
	if *format == "pdf" {
		if _, err := reports.FindBrowser(); err != nil {
			return err // before the work, in plain words
		}
	}
	s, err := openStore(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	q, err := reports.Build(ctx, s, queries.Everything, *period, *unit, *user)
	if err != nil {
		if errors.Is(err, queries.ErrNotFound) {
			return fmt.Errorf("没有单位 %s 或考核期 %s 的数据 / no unit %s or period %s", *unit, *period, *unit, *period)
		}
		return err
	}
	var buf bytes.Buffer
	switch *format {
	case "html":
		err = q.WriteHTML(&buf)
	case "xlsx":
		err = q.WriteXLSX(&buf)
	case "pdf":
		err = q.WritePDF(ctx, &buf)
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("已写出 %s（%s，%d 字节）/ wrote %s\n", *out, *format, buf.Len(), *out)
	return nil
}
