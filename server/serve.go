package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"jixiao/queries"
	"jixiao/queries/demo"
)

// ServeOptions are `jixiao serve`'s flags.
type ServeOptions struct {
	DB, Addr      string
	PolicyDir     string // a folder overriding the built-in casbin policy
	Inbox         string // the drop folder (SPEC §11)
	SecureCookies bool
	Demo          bool    // load the demo province into an empty database
	ReportDuty    float64 // the report centre's share of the time (0–1)
	Out, Log      io.Writer
}

// Serve is `jixiao serve`: it opens the database (the demo loaded into an
// empty one when asked, its logins printed), says where to point a
// browser and serves until ctx ends.
func Serve(ctx context.Context, o ServeOptions) (err error) {
	if o.PolicyDir != "" {
		// A policy folder that is not there must not start the server on
		// the built-in policy (it may be wider than the local one).
		if st, err := os.Stat(o.PolicyDir); err != nil || !st.IsDir() {
			return fmt.Errorf("策略目录 %s 不存在 / the policy folder %s does not exist", o.PolicyDir, o.PolicyDir)
		}
	}
	s, err := queries.OpenFile(o.DB)
	if err != nil {
		return err
	}
	// A failed final checkpoint is said (the data is then in the log).
	defer func() { err = errors.Join(err, s.Close()) }()
	if o.Demo {
		if err := demo.LoadIfEmpty(ctx, s, o.Out, o.Log); err != nil {
			return err
		}
	}
	u := OpenURL(o.Addr)
	fmt.Fprintf(o.Out, "jixiao 已启动，请在浏览器打开 %s（数据库 %s）/ open %s in a browser\n", u, o.DB, u)
	return Run(ctx, Config{Addr: o.Addr, Store: s, PolicyDir: o.PolicyDir, SecureCookies: o.SecureCookies, ReportDuty: o.ReportDuty, Inbox: o.Inbox,
		StaleReads: DefaultStaleReads})
}
