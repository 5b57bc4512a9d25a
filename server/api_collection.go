package server

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// registerCollectionRoutes adds SPEC §12: submissions and their deadlines,
// field checks (§12.1) and explanations (§12.2). The policy opens each
// route to roles; queries decides on which units (write:submit,
// write:submit.accept, write:fieldcheck, write:explain, write:explain.accept)
// and what the scope sees.
func registerCollectionRoutes(app *fiber.App, api fiber.Router, s *Server) {
	items{list: s.listSubmissions, create: s.createSubmission, get: byID(s.getSubmission), update: updateByID(s.updateSubmission)}.at(api, "/submissions")
	api.Post("/submissions/:id/submit", s.submissionStep("submit"))
	api.Post("/submissions/:id/accept", s.submissionStep("accept"))
	api.Post("/submissions/:id/return", s.submissionStep("return"))
	api.Get("/collection/:period", s.getCollection)
	api.Put("/collection/:period", s.setDeadline)

	items{list: s.listFieldChecks, create: s.addFieldCheck}.at(api, "/fieldchecks")
	items{list: s.listExplanations, create: s.addExplanation}.at(api, "/explanations")
	api.Post("/explanations/:id/accept", s.explanationStep("accept"))
	api.Post("/explanations/:id/return", s.explanationStep("return"))

	registerCollectionPages(app, s)
}

func (s *Server) listSubmissions(c *fiber.Ctx) error {
	out, err := s.view(c).Submissions(c.UserContext(), upperQuery(c, "period"))
	return jsonOr(c, out, err)
}

func (s *Server) getSubmission(c *fiber.Ctx, id int64) (*queries.Submission, error) {
	return s.view(c).Submission(c.UserContext(), id)
}

// createSubmission is POST /api/submissions: 201 with the draft.
func (s *Server) createSubmission(c *fiber.Ctx) error { return created(s, c, s.Flow.CreateSubmission) }

type itemsRequest struct {
	Items []queries.SubmissionItemInput `json:"items"`
}

func (s *Server) updateSubmission(c *fiber.Ctx, id int64, req itemsRequest) (*queries.Submission, error) {
	return s.Flow.UpdateSubmission(c.UserContext(), s.actorOf(c), id, req.Items)
}

// submissionStep is submit, accept or return (with {"comment"}).
func (s *Server) submissionStep(step string) fiber.Handler {
	return itemStep(s, func(ctx context.Context, a queries.Actor, id int64, comment string) (*queries.Submission, error) {
		switch step {
		case "submit":
			return s.Flow.SubmitSubmission(ctx, a, id)
		case "accept":
			return s.Flow.AcceptSubmission(ctx, a, id)
		}
		return s.Flow.ReturnSubmission(ctx, a, id, comment)
	})
}

type deadlineRequest struct {
	Deadline string `json:"deadline"`
}

// setDeadline is PUT /api/collection/{period} {"deadline":"YYYY-MM-DD"}.
func (s *Server) setDeadline(c *fiber.Ctx) error {
	var req deadlineRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := s.Store.SetDeadline(c.UserContext(), s.actorOf(c), c.Params("period"), req.Deadline)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// getCollection is the quarter's deadline and the progress of the units
// the caller sees owing values.
func (s *Server) getCollection(c *fiber.Ctx) error {
	ctx := c.UserContext()
	period := upperParam(c, "period")
	prog, err := s.view(c).CollectionProgress(ctx, period)
	if err != nil {
		return err
	}
	dl, err := s.Store.Deadline(ctx, period)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"period": period, "deadline": dl, "progress": prog})
}

func upperQuery(c *fiber.Ctx, key string) string {
	return strings.ToUpper(strings.TrimSpace(c.Query(key)))
}
func upperParam(c *fiber.Ctx, key string) string {
	return strings.ToUpper(strings.TrimSpace(c.Params(key)))
}
