package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"

	"jixiao/data"
	"jixiao/queries/demo"
	"jixiao/server"
)

func cmdServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	db := dbFlag(fs)
	addr := fs.String("addr", envOr("JIXIAO_ADDR", ":8080"), "listen address")
	withDemo := fs.Bool("demo", false, "load the demo province into an empty database and print the demo logins")
	policy := fs.String("policy", os.Getenv("JIXIAO_POLICY"), "folder with model.conf and policy.csv overriding the built-in casbin policy")
	inbox := fs.String("inbox", os.Getenv("JIXIAO_INBOX"), "drop folder: files in DIR/units, indicators, values, adjustments are imported (SPEC §11)")
	secure := fs.Bool("secure-cookies", os.Getenv("JIXIAO_SECURE_COOKIES") == "1", "mark cookies Secure (behind TLS)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	if *policy != "" {
		// A policy folder that is not there must not start the server on
		// the built-in policy (it may be wider than the local one).
		if st, err := os.Stat(*policy); err != nil || !st.IsDir() {
			return fmt.Errorf("策略目录 %s 不存在 / the policy folder %s does not exist", *policy, *policy)
		}
	}
	s, err := openStore(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	if *withDemo {
		empty, err := s.IsEmpty(ctx)
		if err != nil {
			return err
		}
		if empty {
			logins, err := demo.Load(ctx, s, 1, demo.Options{Workflow: true, Log: os.Stderr})
			if err != nil {
				return err
			}
			printLogins(logins)
		} else {
			fmt.Println("数据库已有数据，未重新加载演示数据 / the database already holds data; the demo was not reloaded")
			printLogins(data.DemoLogins())
		}
	}
	u := openURL(*addr)
	fmt.Printf("jixiao 已启动，请在浏览器打开 %s（数据库 %s）/ open %s in a browser\n", u, *db, u)
	// JIXIAO_REPORT_DUTY (0–1, default 0.5): the share of the time the
	// report centre's background job may spend building reports.
	duty, _ := strconv.ParseFloat(os.Getenv("JIXIAO_REPORT_DUTY"), 64)
	return server.Run(ctx, server.Config{Addr: *addr, Store: s, PolicyDir: *policy, SecureCookies: *secure, ReportDuty: duty, Inbox: *inbox,
		StaleReads: server.DefaultStaleReads})
}
