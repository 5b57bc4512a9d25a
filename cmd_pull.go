package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"jixiao/queries"
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
	s, err := queries.Open(*db)
	if errors.Is(err, queries.ErrLocked) {
		return fmt.Errorf("数据库 %s 正被运行中的 jixiao 服务占用（DuckDB 只允许一个进程写入）：请在网页“数据源”页（/sources）运行，或 POST /api/pulls/{id}/run。\n"+
			"The database %s is held by a running jixiao server (DuckDB allows one writing process): run the pull on the page /sources or with POST /api/pulls/{id}/run", *db, *db)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	sv := sources.New(s)
	p, err := sv.PullByName(ctx, pos[0])
	if err != nil {
		return fmt.Errorf("no pull named %q / 没有名为“%s”的拉取任务", pos[0], pos[0])
	}
	r, err := sv.Run(ctx, p.ID, *period, sources.RunOptions{User: *user, DryRun: *dry, Lang: *lang})
	if err != nil {
		return err
	}
	printRun(r, *lang)
	if r.Status == "failed" {
		return &queries.RejectedError{} // the errors are printed; exit 1
	}
	return nil
}

func printRun(r *sources.Run, lang string) {
	batch := "-"
	if r.Batch != nil {
		batch = fmt.Sprint(*r.Batch)
	}
	if lang == "en" {
		fmt.Printf("%s: %s, %d rows, batch %s\n", r.Period, r.Status, r.Rows, batch)
	} else {
		fmt.Printf("%s：%s，%d 行，批次 %s\n", r.Period, map[string]string{"ok": "成功", "unchanged": "无变化", "failed": "失败"}[r.Status], r.Rows, batch)
	}
	for _, e := range r.Errors {
		switch {
		case e.Row == 0:
			fmt.Fprintf(os.Stderr, "  %s\n", e.Message)
		case lang == "en":
			fmt.Fprintf(os.Stderr, "  row %d, column %s: %s\n", e.Row, e.Column, e.Message)
		default:
			fmt.Fprintf(os.Stderr, "  第 %d 行，%s 列：%s\n", e.Row, e.Column, e.Message)
		}
	}
}
