package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"jixiao/data"
	"jixiao/queries"
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
	s, err := openStore(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	p := &progress{on: isTerminal(os.Stderr), lang: *lang}
	p.start = nowFunc()
	b, err := s.Import(ctx, kind, pos[1], queries.ImportOptions{User: *user, Filename: filepath.Base(pos[1]), Lang: *lang, Progress: p.phase})
	p.done()
	var rej *queries.RejectedError
	if errors.As(err, &rej) {
		printRejected(rej, *lang, pos[1])
		return err
	}
	if err != nil {
		return err
	}
	if *lang == "en" {
		fmt.Printf("imported %d %s rows as batch %d (sha256 %s)\n", b.Rows, kind, b.ID, b.SHA256)
	} else {
		fmt.Printf("已导入 %d 行%s，批次 %d（SHA-256 %s）\n", b.Rows, kind, b.ID, b.SHA256)
	}
	return nil
}

func printRejected(rej *queries.RejectedError, lang, file string) {
	if lang == "en" {
		fmt.Fprintf(os.Stderr, "%s was rejected: %d error(s); nothing was changed.\n", file, len(rej.Errors))
	} else {
		fmt.Fprintf(os.Stderr, "%s 未导入：发现 %d 处错误，数据未作任何更改。\n", file, len(rej.Errors))
	}
	for _, e := range rej.Errors {
		switch {
		case lang == "en" && e.Column == "":
			fmt.Fprintf(os.Stderr, "  row %d: %s\n", e.Row, e.Message)
		case lang == "en":
			fmt.Fprintf(os.Stderr, "  row %d, column %s: %s\n", e.Row, e.Column, e.Message)
		case e.Column == "":
			fmt.Fprintf(os.Stderr, "  第 %d 行：%s\n", e.Row, e.Message)
		default:
			fmt.Fprintf(os.Stderr, "  第 %d 行，%s 列：%s\n", e.Row, e.Column, e.Message)
		}
	}
}
