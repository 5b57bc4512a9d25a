package sources

import (
	"context"
	"errors"
	"fmt"
	"io"

	"jixiao/queries"
	"jixiao/queries/imports"
)

// RunFile is `jixiao pull NAME --period P`: one run of the pull named name
// on the database at db (trigger manual), as POST /api/pulls/{id}/run
// does. The outcome goes to out, the rows' errors to errOut; a failed run
// returns a *imports.RejectedError (its errors printed: exit 1).
func RunFile(ctx context.Context, db, name, period string, opt RunOptions, out, errOut io.Writer) (err error) {
	s, err := queries.Open(db)
	if errors.Is(err, queries.ErrLocked) {
		return fmt.Errorf("数据库 %s 正被运行中的 jixiao 服务占用（DuckDB 只允许一个进程写入）：请在网页“数据源”页（/sources）运行，或 POST /api/pulls/{id}/run。\n"+
			"The database %s is held by a running jixiao server (DuckDB allows one writing process): run the pull on the page /sources or with POST /api/pulls/{id}/run", db, db)
	}
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	sv := New(s)
	p, err := sv.PullByName(ctx, name)
	if err != nil {
		return fmt.Errorf("no pull named %q / 没有名为“%s”的拉取任务", name, name)
	}
	r, err := sv.Run(ctx, p.ID, period, opt)
	if err != nil {
		return err
	}
	r.print(out, errOut, opt.Lang)
	if r.Status == "failed" {
		return &imports.RejectedError{} // the errors are printed; exit 1
	}
	return nil
}

// print writes a run's outcome to out and its errors to errOut.
func (r *Run) print(out, errOut io.Writer, lang string) {
	batch := "-"
	if r.Batch != nil {
		batch = fmt.Sprint(*r.Batch)
	}
	if lang == "en" {
		fmt.Fprintf(out, "%s: %s, %d rows, batch %s\n", r.Period, r.Status, r.Rows, batch)
	} else {
		fmt.Fprintf(out, "%s：%s，%d 行，批次 %s\n", r.Period, map[string]string{"ok": "成功", "unchanged": "无变化", "failed": "失败"}[r.Status], r.Rows, batch)
	}
	for _, e := range r.Errors {
		switch {
		case e.Row == 0:
			fmt.Fprintf(errOut, "  %s\n", e.Message)
		case lang == "en":
			fmt.Fprintf(errOut, "  row %d, column %s: %s\n", e.Row, e.Column, e.Message)
		default:
			fmt.Fprintf(errOut, "  第 %d 行，%s 列：%s\n", e.Row, e.Column, e.Message)
		}
	}
}
