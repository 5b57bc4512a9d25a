package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"jixiao/data"
	"jixiao/queries"
)

// FileImport is one file imported from the command line (`jixiao import`).
type FileImport struct {
	DB, File   string
	Kind       data.Kind
	User, Lang string
	// Progress draws the phases on Err, one line overwritten (a terminal).
	Progress bool
	Out, Err io.Writer
	// Users is the accounts room's part of a users file (main passes
	// accounts.UsersFile{}: the command line may do everything).
	Users UsersFile
}

// ImportFile imports f.File into the database f.DB as one batch and says
// so on f.Out; a rejected file's errors go to f.Err, each with its row
// and column, and the *RejectedError is returned.
func ImportFile(ctx context.Context, f FileImport) error {
	s, err := queries.OpenFile(f.DB)
	if err != nil {
		return err
	}
	defer s.Close()
	p := &progressLine{on: f.Progress, lang: f.Lang, w: f.Err, start: time.Now()}
	b, err := Import(ctx, s, f.Kind, f.File, Options{User: f.User, Filename: filepath.Base(f.File), Lang: f.Lang, Progress: p.phase, Users: f.Users})
	p.done()
	var rej *RejectedError
	if errors.As(err, &rej) {
		rej.Print(f.Err, f.Lang, f.File)
		return err
	}
	if err != nil {
		return err
	}
	if f.Lang == "en" {
		fmt.Fprintf(f.Out, "imported %d %s rows as batch %d (sha256 %s)\n", b.Rows, f.Kind, b.ID, b.SHA256)
	} else {
		fmt.Fprintf(f.Out, "已导入 %d 行%s，批次 %d（SHA-256 %s）\n", b.Rows, f.Kind, b.ID, b.SHA256)
	}
	return nil
}

// Print writes the rejection of file to w, every error with its row and
// column, in lang.
func (rej *RejectedError) Print(w io.Writer, lang, file string) {
	if lang == "en" {
		fmt.Fprintf(w, "%s was rejected: %d error(s); nothing was changed.\n", file, len(rej.Errors))
	} else {
		fmt.Fprintf(w, "%s 未导入：发现 %d 处错误，数据未作任何更改。\n", file, len(rej.Errors))
	}
	for _, e := range rej.Errors {
		switch {
		case lang == "en" && e.Column == "":
			fmt.Fprintf(w, "  row %d: %s\n", e.Row, e.Message)
		case lang == "en":
			fmt.Fprintf(w, "  row %d, column %s: %s\n", e.Row, e.Column, e.Message)
		case e.Column == "":
			fmt.Fprintf(w, "  第 %d 行：%s\n", e.Row, e.Message)
		default:
			fmt.Fprintf(w, "  第 %d 行，%s 列：%s\n", e.Row, e.Column, e.Message)
		}
	}
}

// progressLine draws an import's phases on a terminal, overwriting one line.
type progressLine struct {
	on    bool
	start time.Time
	lang  string
	w     io.Writer
}

var phaseNames = map[string][2]string{
	"read":     {"读取文件", "reading the file"},
	"validate": {"校验", "validating"},
	"apply":    {"写入并重新计分", "writing and scoring"},
}

func (p *progressLine) phase(name string) {
	if !p.on {
		return
	}
	n := phaseNames[name][0]
	if p.lang == "en" {
		n = phaseNames[name][1]
	}
	steps := []string{"read", "validate", "apply"}
	i := 0
	for j, s := range steps {
		if s == name {
			i = j + 1
		}
	}
	bar := strings.Repeat("█", i*8) + strings.Repeat("░", (len(steps)-i)*8)
	fmt.Fprintf(p.w, "\r%s %d/%d %-12s %5.1fs", bar, i, len(steps), n, time.Since(p.start).Seconds())
}

func (p *progressLine) done() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}

// RollbackFile rolls batch back in the database at db, as user:
// `jixiao rollback`.
func RollbackFile(ctx context.Context, db string, batch int64, user string) (err error) {
	s, err := queries.OpenFile(db)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	return Rollback(ctx, s, batch, user)
}
