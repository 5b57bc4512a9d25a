// Command jixiao scores, ranks and grades the units of a province tax bureau
// and serves the results as dashboards, meeting slides and reports.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/reports"
)

const usage = `jixiao — 税务绩效考评 BI 服务

usage:
  jixiao serve  [--addr :8080] [--db jixiao.duckdb] [--demo] [--policy DIR] [--secure-cookies]
  jixiao import KIND FILE [--db jixiao.duckdb] [--user NAME] [--lang zh|en]   KIND: units|indicators|values|adjustments|users
  jixiao export scores [--period P] [--format csv|xlsx|json] [-o FILE] [--db …]
  jixiao demo   [--db …] [--scale N]
  jixiao report quarterly --period P --unit U --format html|xlsx|pdf -o FILE [--db …]
  jixiao token create USER [--db …]
  jixiao rollback BATCH [--db …]

JIXIAO_DB and JIXIAO_ADDR set the defaults of --db and --addr.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "serve":
		err = cmdServe(ctx, os.Args[2:])
	case "import":
		err = cmdImport(ctx, os.Args[2:])
	case "export":
		err = cmdExport(ctx, os.Args[2:])
	case "demo":
		err = cmdDemo(ctx, os.Args[2:])
	case "report":
		err = cmdReport(ctx, os.Args[2:])
	case "token":
		err = cmdToken(ctx, os.Args[2:])
	case "rollback":
		err = cmdRollback(ctx, os.Args[2:])
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		err = fmt.Errorf("unknown command %q\n\n%s", os.Args[1], usage)
	}
	if err != nil {
		var rej *queries.RejectedError
		if !errors.As(err, &rej) {
			fmt.Fprintln(os.Stderr, "jixiao:", err)
		}
		os.Exit(1)
	}
}

// openStore opens the database, explaining a lock held by a running server.
func openStore(path string) (*queries.Store, error) {
	s, err := queries.Open(path)
	if errors.Is(err, queries.ErrLocked) {
		return nil, fmt.Errorf("数据库 %s 正被运行中的 jixiao 服务占用（DuckDB 只允许一个进程写入）。\n"+
			"请在网页的“数据导入”页面（/imports）或通过 POST /api/imports/{kind} 导入，或先停止服务再使用命令行。\n"+
			"The database %s is held by a running jixiao server (DuckDB allows one writing process): import through the web page /imports or POST /api/imports/{kind}, or stop the server first", path, path)
	}
	return s, err
}

func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", envOr("JIXIAO_DB", "jixiao.duckdb"), "database file")
}

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
		return fmt.Errorf("unknown kind %q: units, indicators, values, adjustments or users", pos[0])
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
		if lang == "en" {
			fmt.Fprintf(os.Stderr, "  row %d, column %s: %s\n", e.Row, e.Column, e.Message)
		} else {
			fmt.Fprintf(os.Stderr, "  第 %d 行，%s 列：%s\n", e.Row, e.Column, e.Message)
		}
	}
}

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

func cmdDemo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	db := dbFlag(fs)
	scale := fs.Int("scale", 1, "size multiplier (10 gives ≥ 2 million ledger values)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	s, err := openStore(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	logins, err := loadDemo(ctx, s, *scale)
	if err != nil {
		return err
	}
	printLogins(logins)
	return nil
}

func cmdRollback(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("rollback", flag.ContinueOnError)
	db := dbFlag(fs)
	user := fs.String("user", envOr("USER", "cli"), "who rolls back")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	var id int64
	if len(pos) != 1 {
		return fmt.Errorf("usage: jixiao rollback BATCH")
	}
	if _, err := fmt.Sscan(pos[0], &id); err != nil {
		return fmt.Errorf("batch %q is not a number", pos[0])
	}
	s, err := openStore(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Rollback(ctx, id, *user); err != nil {
		return err
	}
	fmt.Printf("批次 %d 已回滚 / batch %d rolled back\n", id, id)
	return nil
}
