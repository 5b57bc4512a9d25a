// Command jixiao scores, ranks and grades the units of a province tax bureau
// and serves the results as dashboards, meeting slides and reports.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"jixiao/queries/imports"
)

const usage = `jixiao — 税务绩效考评 BI 服务

usage:
  jixiao serve  [--addr :8080] [--db jixiao.duckdb] [--demo] [--policy DIR] [--secure-cookies] [--inbox DIR]
  jixiao import KIND FILE [--db jixiao.duckdb] [--user NAME] [--lang zh|en]   KIND: units|indicators|values|adjustments|users
  jixiao export scores [--period P] [--format csv|xlsx|json] [-o FILE] [--db …]
  jixiao demo   [--db …] [--scale N]
  jixiao report quarterly --period P --unit U --format html|xlsx|pdf -o FILE [--db …]
  jixiao token create USER [--db …]
  jixiao rollback BATCH [--db …]
  jixiao pull NAME --period P [--dry-run] [--db …]   run a pull (SPEC §11; while a server runs: /sources)
  jixiao backup FILE [--db …]      a consistent copy (while a server runs: POST /api/admin/backup)
  jixiao restore FILE [--db …]     replace the database by a backup (the server stopped)

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
	case "pull":
		err = cmdPull(ctx, os.Args[2:])
	case "backup":
		err = cmdBackup(ctx, os.Args[2:])
	case "restore":
		err = cmdRestore(ctx, os.Args[2:])
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		err = fmt.Errorf("unknown command %q\n\n%s", os.Args[1], usage)
	}
	if err != nil {
		var rej *imports.RejectedError
		if !errors.As(err, &rej) {
			fmt.Fprintln(os.Stderr, "jixiao:", err)
		}
		os.Exit(1)
	}
}
