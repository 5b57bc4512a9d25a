package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/reads"
	"jixiao/queries/scoring"
)

// The command line's reports (main's cmd_export.go and cmd_report.go
// parse the flags and call one of these). The command line sees
// everything (queries.Everything), as an administrator.

// ExportScoresFile is `jixiao export scores`: the scores of period (a
// quarter or a year; "" all) in the database at db, written as format
// (csv, xlsx or json) to the file out, or to stdout when out is "".
func ExportScoresFile(ctx context.Context, db, period, format, out string, stdout io.Writer) (err error) {
	if period != "" {
		if _, err := data.ParsePeriod(period); err != nil {
			return err
		}
	}
	s, err := queries.OpenFile(db)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	if format == "json" || format == "csv" {
		return exportRows(ctx, s, period, format, out, stdout)
	}
	rows, err := s.Scores(ctx, queries.Everything, period)
	if err != nil {
		return err
	}
	w := stdout
	if out != "" {
		f, cerr := os.Create(out)
		if cerr != nil {
			return cerr
		}
		defer func() { err = errors.Join(err, f.Close()) }()
		w = f
	}
	return WriteScores(w, format, rows)
}

// exportRows is ExportScoresFile's JSON and CSV: each row written as the
// store reads it (Store.EachScore), not held, as WriteScores writes them.
// Every number is a DECIMAL column, so finite: the JSON is what
// WriteScoresJSON writes. A file left half written by an error is removed.
func exportRows(ctx context.Context, s *queries.Store, period, format, out string, stdout io.Writer) (err error) {
	w := stdout
	if out != "" {
		f, cerr := os.Create(out)
		if cerr != nil {
			return cerr
		}
		defer func() {
			if err = errors.Join(err, f.Close()); err != nil {
				os.Remove(out)
			}
		}()
		w = f
	}
	var rw interface {
		row(*queries.ScoreRow) error
		end() error
	}
	if format == "json" {
		rw = newJSONRows(w)
	} else {
		rw = newCSVRows(w)
	}
	t0 := time.Now()
	if err := s.EachScore(ctx, period, rw.row); err != nil {
		return err
	}
	err = rw.end()
	scoring.Trace("export: the rows written", t0)
	return err
}

// QuarterlyFile is `jixiao report quarterly`: the quarterly report of
// unit's subtree for period, by user, written as format (html, xlsx or
// pdf) to the file out; a line on stdout says so.
func QuarterlyFile(ctx context.Context, db, period, unit, user, format, out string, stdout io.Writer) (err error) {
	if format != "html" && format != "xlsx" && format != "pdf" {
		return fmt.Errorf("unknown format %q (html, xlsx or pdf)", format)
	}
	if format == "pdf" {
		if _, err := FindBrowser(); err != nil {
			return err // before the work, in plain words
		}
	}
	s, err := queries.OpenFile(db)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	v, err := reads.Open(ctx, s, queries.Everything)
	if err != nil {
		return err
	}
	q, err := Build(ctx, v, period, unit, user)
	if err != nil {
		if errors.Is(err, queries.ErrNotFound) {
			return fmt.Errorf("没有单位 %s 或考核期 %s 的数据 / no unit %s or period %s", unit, period, unit, period)
		}
		return err
	}
	var buf bytes.Buffer
	if err := q.Write(ctx, &buf, format); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已写出 %s（%s，%d 字节）/ wrote %s\n", out, format, buf.Len(), out)
	return nil
}
