package server

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/accounts"
	"jixiao/queries/imports"
)

// importTimeout bounds one import, reading, validation and rescoring included.
const importTimeout = 30 * time.Minute

func (s *Server) registerWriteRoutes(api fiber.Router) {
	api.Post("/periods/:period/status", s.setPeriodStatus)
	api.Get("/imports", s.batches)
	api.Post("/imports/:kind", s.importFile)
	api.Delete("/imports/:batch", s.rollback)
}

type statusRequest struct {
	Status string `json:"status"`
}

func (s *Server) setPeriodStatus(c *fiber.Ctx) error {
	var req statusRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	period := c.Params("period")
	if !data.IsQuarter(period) {
		return fiber.NewError(fiber.StatusBadRequest, "a status belongs to a quarter such as 2025Q3; a year follows its quarters")
	}
	if !contains(data.Statuses, req.Status) {
		return fiber.NewError(fiber.StatusBadRequest, "status must be open, review or final")
	}
	if err := s.Store.SetPeriodStatus(c.UserContext(), auditUser(c), period, req.Status); err != nil {
		return err
	}
	s.reports.poke() // a quarter in review has its reports queued
	return c.JSON(queries.PeriodStatus{Period: period, Status: req.Status})
}

// auditUser names the request's real user for records the Store writes itself.
func auditUser(c *fiber.Ctx) string {
	if r := realAccountOf(c); r != nil {
		return r.Username
	}
	return "anonymous"
}

// importFile takes one multipart file as one batch: 200 with the batch, or
// 422 listing every error with nothing stored.
func (s *Server) importFile(c *fiber.Ctx) error {
	kind, ok := data.ParseKind(c.Params("kind"))
	if !ok {
		return fiber.NewError(fiber.StatusBadRequest, "kind must be units, indicators, values, adjustments, users or responsibilities")
	}
	b, err := s.importUpload(c, kind)
	if err != nil {
		return err
	}
	return c.JSON(b)
}

// importUpload imports the request's multipart field "file" as one batch
// of kind: the API and the imports page (pages_imports.go) share it. The
// upload is written to a private temporary file because the importer
// streams from disk. A rejected file is *imports.RejectedError, audited.
func (s *Server) importUpload(c *fiber.Ctx, kind data.Kind) (*imports.Batch, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, fiber.NewError(fiber.StatusBadRequest, "send the file as multipart/form-data field \"file\" / 请选择要上传的文件")
	}
	dir, err := os.MkdirTemp("", "jixiao-upload-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "upload")
	if err := c.SaveFile(fh, path); err != nil {
		return nil, err
	}
	name := filepath.Base(fh.Filename)
	// An import outlives the ordinary request deadline: a province's ledger
	// is millions of rows.
	ctx, cancel := context.WithTimeout(context.Background(), importTimeout)
	defer cancel()
	dry := c.FormValue("dry_run") == "1" || c.Query("dry_run") == "1"
	m, writer := s.managerOf(c), s.actorOf(c)
	b, err := imports.Import(ctx, s.Store, kind, path, imports.Options{User: auditUser(c), Filename: name, Lang: langOf(c), DryRun: dry, Users: accounts.UsersFile{Manager: &m}, Writer: &writer})
	var rej *imports.RejectedError
	if errors.As(err, &rej) {
		s.Audit(c, "import_rejected", string(kind), fmt.Sprintf("%s: %d error(s)", name, len(rej.Errors)))
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

func (s *Server) batches(c *fiber.Ctx) error {
	bs, err := imports.Batches(c.UserContext(), s.Store)
	if err != nil {
		return err
	}
	if bs == nil {
		bs = []imports.Batch{}
	}
	return c.JSON(bs)
}

func (s *Server) rollback(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("batch"), 10, 64)
	if err != nil {
		return fiber.NewError(fiber.StatusBadRequest, "batch must be a number")
	}
	if err := imports.Rollback(c.UserContext(), s.Store, id, auditUser(c)); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"batch": id, "rolled_back": true})
}
