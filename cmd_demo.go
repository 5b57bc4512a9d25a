package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"jixiao/data"
	"jixiao/queries"
)

var nowFunc = time.Now

// loadDemo writes the demo province to a temp folder and imports it through
// the same path as any user's files.
func loadDemo(ctx context.Context, s *queries.Store, scale int) ([]data.DemoLogin, error) {
	dir, err := os.MkdirTemp("", "jixiao-demo-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	t0 := time.Now()
	files, logins, err := data.WriteDemo(dir, scale)
	if err != nil {
		return nil, err
	}
	for _, k := range data.Kinds {
		p, ok := files[k]
		if !ok {
			continue
		}
		b, err := s.Import(ctx, k, p, queries.ImportOptions{User: "demo", Filename: "demo-" + string(k) + ".csv"})
		if err != nil {
			return nil, fmt.Errorf("demo %s: %w", k, err)
		}
		fmt.Fprintf(os.Stderr, "demo: %-16s %9d rows\n", k, b.Rows)
	}
	if err := s.DemoPeriodStatuses(ctx); err != nil {
		return nil, err
	}
	if err := demoWorkflow(ctx, s); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "demo: loaded in %.1fs\n", time.Since(t0).Seconds())
	return logins, nil
}

func printLogins(logins []data.DemoLogin) {
	fmt.Println("演示账号 / demo logins:")
	for _, l := range logins {
		fmt.Printf("  %-14s 密码 %-12s 角色 %-9s 单位 %-10s %s\n", l.Username, l.Password, l.Role, l.UnitCode, l.Name)
	}
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
