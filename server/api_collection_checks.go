package server

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

func (s *Server) listFieldChecks(c *fiber.Ctx) error {
	out, err := s.view(c).FieldChecks(c.UserContext(), upperQuery(c, "period"))
	return jsonOr(c, out, err)
}

// addFieldCheck is POST /api/fieldchecks: 201 with the check.
func (s *Server) addFieldCheck(c *fiber.Ctx) error { return created(s, c, s.Flow.AddFieldCheck) }

func (s *Server) listExplanations(c *fiber.Ctx) error {
	f := queries.NoteFilter{Period: upperQuery(c, "period"), Unit: c.Query("unit"), Indicator: c.Query("indicator")}
	out, err := s.view(c).Explanations(c.UserContext(), f)
	return jsonOr(c, out, err)
}

// addExplanation is POST /api/explanations: 201 with it.
func (s *Server) addExplanation(c *fiber.Ctx) error { return created(s, c, s.Flow.AddExplanation) }

// explanationStep is accept or return ({"comment"}) by the office above.
func (s *Server) explanationStep(step string) fiber.Handler {
	return itemStep(s, func(ctx context.Context, a queries.Actor, id int64, comment string) (*queries.Note, error) {
		return s.Flow.DecideExplanation(ctx, a, id, step, comment)
	})
}
