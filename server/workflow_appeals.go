package server

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

func (s *Server) listAppeals(c *fiber.Ctx) error {
	period, err := queryPeriod(c)
	if err != nil {
		return err
	}
	f := queries.AppealFilter{Unit: c.Query("unit"), Under: c.Query("under"), Period: period, Status: c.Query("status"), Indicator: c.Query("indicator")}
	as, err := s.view(c).Appeals(c.UserContext(), f)
	return jsonOr(c, as, err)
}

func (s *Server) getAppeal(c *fiber.Ctx) error { return viewByID(c, s.view(c).Appeal) }

// fileAppeal is POST /api/appeals: 201 with the appeal.
func (s *Server) fileAppeal(c *fiber.Ctx) error { return created(s, c, s.Flow.FileAppeal) }

type reviewRequest struct {
	Decision string `json:"decision"` // forward | reject
	Comment  string `json:"comment"`
}

func (s *Server) reviewAppeal(c *fiber.Ctx) error {
	return changed(s, c, func(ctx context.Context, a queries.Actor, id int64, req reviewRequest) (*queries.Appeal, error) {
		return s.Flow.ReviewAppeal(ctx, a, id, req.Decision, req.Comment)
	})
}

type decideRequest struct {
	Decision string   `json:"decision"` // uphold | dismiss
	Actual   *float64 `json:"actual"`   // the decided value; the claimed one when absent
	Comment  string   `json:"comment"`
}

func (s *Server) decideAppeal(c *fiber.Ctx) error {
	return changed(s, c, func(ctx context.Context, a queries.Actor, id int64, req decideRequest) (*queries.Appeal, error) {
		return s.Flow.DecideAppeal(ctx, a, id, req.Decision, req.Actual, req.Comment)
	})
}
