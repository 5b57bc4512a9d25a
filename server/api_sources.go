package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
	"jixiao/queries/sources"
)

// SPEC §11's routes: sources (the admin writes and tests them; the
// province office reads them without their connection strings) and pulls
// (admin and province office), their runs and history. The logic is
// queries/sources; the scheduler and the drop folder run beside the server.

// runTimeout bounds one run asked for over HTTP: the source's statement
// timeout plus the import of a large quarter.
const runTimeout = 40 * time.Minute

// sourcesSide is what the server keeps of §11: the service, the
// scheduler and the drop folder, stopped by Close.
type sourcesSide struct {
	sv    *sources.Service
	sched *sources.Scheduler
	inbox *sources.Inbox
}

// startSources starts the scheduler and, when configured, the drop folder.
func (s *Server) startSources() error {
	sv := sources.New(s.Store)
	s.src = &sourcesSide{sv: sv, sched: sv.StartScheduler(s.log, s.cfg.PullTick)}
	if s.cfg.Inbox != "" {
		in, err := sv.NewInbox(s.cfg.Inbox, s.log)
		if err != nil {
			s.src.sched.Stop()
			return err
		}
		in.Start(0)
		s.src.inbox = in
		s.log.Info("drop folder", "dir", s.cfg.Inbox)
	}
	return nil
}

func (s *Server) stopSources() {
	if s.src == nil {
		return
	}
	if s.src.inbox != nil {
		s.src.inbox.Stop()
	}
	s.src.sched.Stop()
}

func (s *Server) registerSourceRoutes(app *fiber.App, api fiber.Router) {
	app.Get("/sources", s.sourcesPage)
	items{list: s.listSources, create: createFromJSON(s.createSource), get: byID(s.getSource),
		update: updateByID(s.updateSource), remove: deleteByID(s.deleteSource)}.at(api, "/sources")
	api.Post("/sources/:id/test", byID(s.testSource))
	items{list: s.listPulls, create: createFromJSON(s.createPull), get: byID(s.getPull),
		update: updateByID(s.updatePull), remove: deleteByID(s.deletePull)}.at(api, "/pulls")
	api.Post("/pulls/:id/run", s.runPull)
	api.Get("/pulls/:id/runs", byID(s.pullRuns))
}

// seesDSN: connection strings are the admin's (the named permission
// "sources dsn", which only the admin's row grants).
func (s *Server) seesDSN(c *fiber.Ctx) bool { return s.Enforce(c, "sources", "dsn") }

func (s *Server) listSources(c *fiber.Ctx) error {
	out, err := s.src.sv.Sources(c.UserContext(), s.seesDSN(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) getSource(c *fiber.Ctx, id int64) (*sources.Source, error) {
	return s.src.sv.GetSource(c.UserContext(), id, s.seesDSN(c))
}

func (s *Server) createSource(c *fiber.Ctx, in sources.SourceInput) (*sources.Source, error) {
	return s.src.sv.CreateSource(c.UserContext(), auditUser(c), in)
}

func (s *Server) updateSource(c *fiber.Ctx, id int64, in sources.SourceInput) (*sources.Source, error) {
	return s.src.sv.UpdateSource(c.UserContext(), auditUser(c), id, in)
}

func (s *Server) deleteSource(c *fiber.Ctx, id int64) error {
	return s.src.sv.DeleteSource(c.UserContext(), auditUser(c), id)
}

// testSource outlives the request: a test that is under way finishes.
func (s *Server) testSource(c *fiber.Ctx, id int64) (*sources.TestResult, error) {
	return s.src.sv.Test(context.WithoutCancel(c.UserContext()), id)
}

func (s *Server) listPulls(c *fiber.Ctx) error {
	out, err := s.src.sv.Pulls(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) getPull(c *fiber.Ctx, id int64) (*sources.Pull, error) {
	return s.src.sv.GetPull(c.UserContext(), id)
}

func (s *Server) createPull(c *fiber.Ctx, in sources.PullInput) (*sources.Pull, error) {
	return s.src.sv.CreatePull(c.UserContext(), auditUser(c), in)
}

func (s *Server) updatePull(c *fiber.Ctx, id int64, in sources.PullInput) (*sources.Pull, error) {
	return s.src.sv.UpdatePull(c.UserContext(), auditUser(c), id, in)
}

func (s *Server) deletePull(c *fiber.Ctx, id int64) error {
	return s.src.sv.DeletePull(c.UserContext(), auditUser(c), id)
}

// runPull is POST /api/pulls/{id}/run {"period"}[?dry_run=1]: 200 with the
// run whatever its status; 422 only for a malformed request.
func (s *Server) runPull(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req struct {
		Period string `json:"period"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	// A run outlives the ordinary request deadline (statement timeout at
	// the source, then the import), as an import does.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.UserContext()), runTimeout)
	defer cancel()
	r, err := s.src.sv.Run(ctx, id, req.Period, sources.RunOptions{User: auditUser(c), DryRun: c.Query("dry_run") == "1", Lang: langOf(c)})
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// pullRuns is a pull's history; 404 for no such pull.
func (s *Server) pullRuns(c *fiber.Ctx, id int64) ([]sources.Run, error) {
	if _, err := s.src.sv.GetPull(c.UserContext(), id); err != nil {
		return nil, err
	}
	return s.src.sv.Runs(c.UserContext(), id, 0)
}

// warnings are the early warnings of a quarter in the scope, with the
// pull_failed warnings of every period for those the policy lets see them
// (the admin and the province office: "sources warnings").
func (s *Server) warnings(c *fiber.Ctx, period, lang string) ([]queries.Warning, error) {
	ws, err := s.view(c).Warnings(c.UserContext(), period, lang)
	if err != nil || !s.Enforce(c, "sources", "warnings") {
		return ws, err
	}
	pw, err := s.Store.PullWarnings(c.UserContext(), lang)
	if err != nil {
		return nil, err
	}
	return append(pw, ws...), nil
}
