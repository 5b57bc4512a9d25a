package server

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// registerWorkflowRoutes adds the API of SPEC §5 and §8: publication,
// appeals with their evidence, adjustments, rectification items, review
// meetings and the quarterly report; and the pages that drive them. The
// route decides who may call it (the policy); queries decides which office
// or committee covers which unit, and what the scope sees.
func registerWorkflowRoutes(api fiber.Router, s *Server) {
	api.Get("/publication", s.publication)

	items{list: s.listAppeals, create: s.fileAppeal, get: s.getAppeal}.at(api, "/appeals")
	api.Post("/appeals/:id/review", s.reviewAppeal)
	api.Post("/appeals/:id/decide", s.decideAppeal)
	api.Post("/appeals/:id/files", s.uploadEvidence("appeal"))
	api.Get("/files/:id", s.downloadFile)

	items{list: s.listAdjustments, create: s.addAdjustment, remove: s.deleteAdjustment}.at(api, "/adjustments")
	api.Post("/adjustments/:id/files", s.uploadEvidence("adjustment"))

	items{list: s.listRectifications, create: s.addRectification, get: s.getRectification, update: s.updateRectification,
		remove: s.deleteRectification}.at(api, "/rectifications")
	api.Post("/rectifications/:id/files", s.uploadEvidence("rectification"))

	items{list: s.listMeetings, create: s.addMeeting, get: s.getMeeting, update: s.updateMeeting, remove: s.deleteMeeting}.at(api, "/meetings")

	api.Get("/reports/quarterly", s.quarterlyReport)
}

// actorOf is the request's user as the workflow rules see it: the real
// user's name for the record (writes while viewing as someone are refused
// before this), the effective role, unit and scope.
func (s *Server) actorOf(c *fiber.Ctx) queries.Actor {
	a := accountOf(c)
	if a == nil {
		return queries.Actor{}
	}
	return queries.Actor{Username: auditUser(c), Addr: s.clientIP(c), Role: a.Role, UnitCode: a.UnitCode,
		Rights: s.policy.get().RightsOf(a), Scope: scopeOf(c)}
}

// idParam reads a numeric path id; anything else names nothing (404).
func idParam(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, queries.ErrNotFound
	}
	return id, nil
}

// queryPeriod is an optional ?period= quarter, upper-cased; a malformed one is 400.
func queryPeriod(c *fiber.Ctx) (string, error) {
	p := strings.ToUpper(strings.TrimSpace(c.Query("period")))
	if p == "" {
		return "", nil
	}
	if _, err := optionalPeriod(c, "period"); err != nil {
		return "", err
	}
	return p, nil
}

func (s *Server) publication(c *fiber.Ctx) error {
	ps, err := s.view(c).PeriodInfos(c.UserContext())
	return jsonOr(c, ps, err)
}
