package server

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/reports"
)

func (s *Server) registerAdminRoutes(api fiber.Router) {
	api.Get("/audit", s.auditLog)
	items{list: s.listTokens, create: s.createToken, remove: s.revokeToken}.at(api, "/tokens")
	api.Get("/export/scores", s.exportScores)
}

// auditLog lists the audit, newest first: ?user=&action=&since=RFC3339&before=ID&limit=N.
func (s *Server) auditLog(c *fiber.Ctx) error {
	f := queries.AuditFilter{Username: c.Query("user"), Action: c.Query("action"), Limit: c.QueryInt("limit", 200)}
	if v := c.Query("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return fiber.NewError(fiber.StatusBadRequest, "since must be an RFC 3339 time")
		}
		f.Since = t
	}
	if v := c.Query("before"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fiber.NewError(fiber.StatusBadRequest, "before must be an entry id")
		}
		f.BeforeID = id
	}
	es, err := s.Store.AuditLog(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(es)
}

func (s *Server) listTokens(c *fiber.Ctx) error {
	ts, err := s.Accounts.Tokens(c.UserContext(), c.Query("user"))
	if err != nil {
		return err
	}
	return c.JSON(ts)
}

type tokenRequest struct {
	Username string `json:"username"`
	Name     string `json:"name"`
}

// createToken answers the token's secret once; only its hash is kept.
func (s *Server) createToken(c *fiber.Ctx) error {
	var req tokenRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	secret, t, err := s.Accounts.CreateToken(c.UserContext(), strings.TrimSpace(req.Username), req.Name, auditUser(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": t.ID, "username": t.Username, "name": t.Name, "token": secret})
}

func (s *Server) revokeToken(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.NewError(fiber.StatusBadRequest, "id must be a number")
	}
	if err := s.Accounts.RevokeToken(c.UserContext(), id, auditUser(c)); err != nil {
		return err
	}
	s.sessions.clear() // forget the revoked token's cached user at once
	return c.JSON(fiber.Map{"id": id, "revoked": true})
}

var exportTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"json": fiber.MIMEApplicationJSONCharsetUTF8,
}

// exportScores writes the user's visible scores (SPEC §7's export) as a download.
func (s *Server) exportScores(c *fiber.Ctx) error {
	format := c.Query("format", "csv")
	ctype, ok := exportTypes[format]
	if !ok {
		return fiber.NewError(fiber.StatusBadRequest, "format must be csv, xlsx or json")
	}
	period := c.Query("period")
	if period != "" {
		p, err := data.ParsePeriod(period)
		if err != nil {
			return fiber.NewError(fiber.StatusBadRequest, err.Error())
		}
		period = p.String()
	}
	rows, err := s.view(c).Scores(c.UserContext(), period)
	if err != nil {
		return err
	}
	name := "scores-all." + format
	if period != "" {
		name = "scores-" + period + "." + format
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	// ?lang= is the export a person downloads from the pages: headers and
	// grades in the UI language (XLSX has Chinese headers already).
	if lang := reports.ExportLang(c.Query("lang")); lang != "" && format == "csv" {
		return reports.WriteScoresCSVFor(c.Response().BodyWriter(), lang, rows)
	}
	return reports.WriteScores(c.Response().BodyWriter(), format, rows)
}
