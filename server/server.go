// Package server is jixiao's HTTP side (Fiber): routes, sessions, casbin and
// the handlers that turn a request into a call of queries, dashboards or reports.
package server

import (
	"context"
	"errors"
	"fmt"
	"jixiao/queries/notify"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
	"jixiao/queries/accounts"
	"jixiao/queries/reads"
	"jixiao/queries/workflow"
	"jixiao/reports"
)

// DefaultStaleReads is the StaleReads of `jixiao serve`: after a write,
// readers other than the writer may be answered from the previous data
// version's scores for up to a second while the new one loads.
const DefaultStaleReads = time.Second

// Config is everything `jixiao serve` wires together.
type Config struct {
	Addr          string
	Store         *queries.Store
	PolicyDir     string // folder with model.conf and policy.csv overriding the embedded ones
	SecureCookies bool

	// The rest have working defaults.
	Logger          *slog.Logger  // default: text to stderr
	SessionTTL      time.Duration // default 12h, renewed while in use
	MaxUploadBytes  int           // default 256 MiB: the largest import file
	RequestTimeout  time.Duration // default 30s: every request's queries share it
	ShutdownTimeout time.Duration // default 30s
	LoginLimit      int           // failures of one account from one address before it backs off (429); default 5
	LoginAddrLimit  int           // failures per address in LoginWindow before its sign-ins are slowed; default 20
	LoginAddrDelay  time.Duration // the longest a slowed address's sign-in is held; default 5s
	LoginWindow     time.Duration // default 15m
	NoWarm          bool          // skip warming the cache (tests)
	// StaleReads is how long after a write other readers than the writer
	// may still be answered from the previous data version while the new
	// one loads in the background (serve: 1s; 0: they wait for it). A
	// change of who may see what is never served stale.
	StaleReads     time.Duration
	NoReports      bool          // generate no report centre reports in the background (tests)
	NoNotify       bool          // deliver no notifications (tests)
	ReportDuty     float64       // share of the time the report job may build; default 0.5
	Inbox          string        // drop folder (serve --inbox DIR); "" for none
	PullTick       time.Duration // how often the pull scheduler looks; default 30s
	PDFConcurrency int           // PDF renders (a Chromium each) at once; default 2
	PDFQueue       int           // PDF requests waiting for a render; default 4 (beyond: 503)
	PDFWait        time.Duration // longest wait of a PDF request for a render; default 20s (then 503)
}

func (c *Config) defaults() {
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if c.SessionTTL <= 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.MaxUploadBytes <= 0 {
		c.MaxUploadBytes = 256 << 20
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 30 * time.Second
	}
	if c.LoginLimit <= 0 {
		c.LoginLimit = 5
	}
	if c.LoginAddrLimit <= 0 {
		c.LoginAddrLimit = 20
	}
	if c.PDFConcurrency <= 0 {
		c.PDFConcurrency = 2
	}
	if c.PDFQueue <= 0 {
		c.PDFQueue = 4
	}
	if c.PDFWait <= 0 {
		c.PDFWait = 20 * time.Second
	}
	if c.LoginAddrDelay <= 0 {
		c.LoginAddrDelay = 5 * time.Second
	}
	if c.LoginWindow <= 0 {
		c.LoginWindow = 15 * time.Minute
	}
}

// Server is the running HTTP side. Page and workflow routes (pages*.go,
// workflow*.go) use Store for writes, Read for every read, Audit to record
// writes and Enforce for checks beyond the route itself.
type Server struct {
	Store    *queries.Store
	Read     *reads.Door    // the one read door: s.view(c) is the request's scoped, cached reads
	Accounts *accounts.Book // users, sign-in, sessions and tokens
	Flow     *workflow.Desk // the workflow's writes: appeals, rectifications, meetings

	cfg      Config
	log      *slog.Logger
	policy   *policyHolder
	sessions *sessionCache
	throttle *throttle
	proxy    proxyCache // trusted-proxy settings (client_addr.go)
	pdf      *pdfGate   // bounded PDF rendering (report_pdf.go)
	// renderPDF prints a report page to PDF (reports.HTMLToPDF); tests
	// put a renderer without Chromium in its place.
	renderPDF func(ctx context.Context, html []byte) ([]byte, error)
	app       *fiber.App
	warmers   []Warmer
	writes    writerVersions // the data version each user's last write made
	reports   *reportJob
	src       *sourcesSide // SPEC §11: pulls, scheduler, drop folder (api_sources.go)
	notifier  *notify.Notifier
	// navRoutes are the GET paths served, for the navigation's lines.
	navRoutes map[string]bool

	stop chan struct{}
	bg   sync.WaitGroup
}

// New builds the server and its routes without listening.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store")
	}
	cfg.defaults()
	pol, err := loadPolicy(cfg.PolicyDir)
	if err != nil {
		return nil, err
	}
	s := &Server{
		Store:     cfg.Store,
		Accounts:  accounts.New(cfg.Store),
		Flow:      workflow.New(cfg.Store),
		cfg:       cfg,
		log:       cfg.Logger,
		policy:    newPolicyHolder(pol, cfg.PolicyDir),
		sessions:  newSessionCache(),
		pdf:       newPDFGate(cfg.PDFConcurrency, cfg.PDFQueue, cfg.PDFWait),
		renderPDF: reports.HTMLToPDF,
		throttle:  newThrottle(cfg.LoginLimit, cfg.LoginAddrLimit, cfg.LoginWindow, cfg.LoginAddrDelay),
		stop:      make(chan struct{}),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dc := reads.Config{Log: cfg.Logger, Stale: cfg.StaleReads,
		// A users import may change roles and units: signed-in users pick
		// the change up at their next request.
		OnMove: s.sessions.clear}
	if !cfg.NoWarm {
		dc.Warm = s.warmScopes
	}
	if s.Read, err = reads.New(ctx, cfg.Store, dc); err != nil {
		return nil, err
	}
	if fails, err := s.Accounts.RecentLoginFailures(ctx, cfg.LoginWindow); err == nil {
		s.throttle.seed(fails)
	} else {
		s.log.Warn("login throttle: could not read recent failures", "err", err)
	}
	s.reports = newReportJob(s)
	if err := s.startSources(); err != nil {
		return nil, err
	}
	s.app = s.newApp()
	s.navRoutes = map[string]bool{}
	for _, r := range s.app.GetRoutes(true) {
		if r.Method == fiber.MethodGet {
			s.navRoutes[r.Path] = true
		}
	}
	s.background()
	if !cfg.NoReports {
		s.bg.Add(1)
		go func() {
			defer s.bg.Done()
			s.reports.loop()
		}()
	}
	if !cfg.NoNotify {
		s.startNotifier()
	}
	s.Read.WarmAsync()
	return s, nil
}

// App is the Fiber application, for tests (app.Test) and embedding.
func (s *Server) App() *fiber.App { return s.app }

// Close stops the background work (cache warming, policy reloads, session
// purges). It does not close the Store: whoever opened it closes it.
func (s *Server) Close() {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.Read.Close()
	s.stopSources()
	s.bg.Wait()
	if s.notifier != nil {
		s.notifier.Stop()
	}
}

// Run serves until ctx is done, then shuts down gracefully: it stops
// accepting connections, lets running requests finish (up to
// ShutdownTimeout) and returns, after which the caller closes the Store.
func Run(ctx context.Context, cfg Config) error {
	s, err := New(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- s.app.Listener(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String(), "policy", s.policy.source())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing running requests")
	if err := s.app.ShutdownWithTimeout(s.cfg.ShutdownTimeout); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	<-errc
	return nil
}

// background starts the periodic jobs: picking up writes made outside HTTP
// (so that caches never serve an old data version for long), reloading an
// edited policy, and purging expired sessions.
func (s *Server) background() {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		refresh := time.NewTicker(2 * time.Second)
		purge := time.NewTicker(time.Hour)
		defer refresh.Stop()
		defer purge.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-refresh.C:
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				if _, err := s.Read.Check(ctx); err != nil {
					s.log.Warn("cache refresh", "err", err)
				}
				cancel()
				s.policy.reloadIfChanged(s.log)
			case <-purge.C:
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				s.checkCollection(ctx)
				if n, err := s.Accounts.PurgeExpiredSessions(ctx); err == nil && n > 0 {
					s.log.Info("expired sessions purged", "count", n)
				}
				cancel()
			}
		}
	}()
}
