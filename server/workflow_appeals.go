package server

import (
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
	if err != nil {
		return err
	}
	return c.JSON(as)
}

func (s *Server) getAppeal(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	a, err := s.view(c).Appeal(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

// fileAppeal is POST /api/appeals: 201 with the appeal.
func (s *Server) fileAppeal(c *fiber.Ctx) error {
	var in queries.AppealInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	a, err := s.Flow.FileAppeal(c.UserContext(), s.actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(a)
}

type reviewRequest struct {
	Decision string `json:"decision"` // forward | reject
	Comment  string `json:"comment"`
}

func (s *Server) reviewAppeal(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req reviewRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	a, err := s.Flow.ReviewAppeal(c.UserContext(), s.actorOf(c), id, req.Decision, req.Comment)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

type decideRequest struct {
	Decision string   `json:"decision"` // uphold | dismiss
	Actual   *float64 `json:"actual"`   // the decided value; the claimed one when absent
	Comment  string   `json:"comment"`
}

func (s *Server) decideAppeal(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req decideRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	a, err := s.Flow.DecideAppeal(c.UserContext(), s.actorOf(c), id, req.Decision, req.Actual, req.Comment)
	if err != nil {
		return err
	}
	return c.JSON(a)
}
