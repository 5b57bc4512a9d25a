package main

import (
	"errors"
	"flag"
	"fmt"
	"jixiao/queries"
	"os"
	"strings"
	"time"
)

// parseInterleaved lets flags stand before or after the positional arguments.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress prints import phases on a terminal, overwriting one line.
type progress struct {
	on    bool
	start time.Time
	lang  string
}

var phaseNames = map[string][2]string{
	"read":     {"读取文件", "reading the file"},
	"validate": {"校验", "validating"},
	"apply":    {"写入并重新计分", "writing and scoring"},
}

func (p *progress) phase(name string) {
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
	fmt.Fprintf(os.Stderr, "\r%s %d/%d %-12s %5.1fs", bar, i, len(steps), n, time.Since(p.start).Seconds())
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintln(os.Stderr)
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
