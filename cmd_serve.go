package main

import (
	"context"
	"flag"
	"os"
	"strconv"

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
	// JIXIAO_REPORT_DUTY (0–1, default 0.5): the share of the time the
	// report centre's background job may spend building reports.
	duty, _ := strconv.ParseFloat(os.Getenv("JIXIAO_REPORT_DUTY"), 64)
	return server.Serve(ctx, server.ServeOptions{DB: *db, Addr: *addr, PolicyDir: *policy, Inbox: *inbox, SecureCookies: *secure,
		Demo: *withDemo, ReportDuty: duty, Out: os.Stdout, Log: os.Stderr})
}
