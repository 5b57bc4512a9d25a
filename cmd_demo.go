package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"jixiao/data"
	"jixiao/queries/demo"
)

var nowFunc = time.Now

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
	logins, err := demo.Load(ctx, s, *scale, demo.Options{Workflow: true, Log: os.Stderr})
	if err != nil {
		return err
	}
	printLogins(logins)
	return nil
}
