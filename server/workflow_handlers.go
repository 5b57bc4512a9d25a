package server

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// The shapes of every workflow handler: read one item of the route's :id
// through the view, make one (201), change one (200 with it after the
// change), take a step with an optional comment, remove one (204).

// byID answers the item of the route's :id as read reads it.
func byID[T any](c *fiber.Ctx, read func(context.Context, int64) (T, error)) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	out, err := read(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// created binds the JSON body, takes the write fn as the signed-in actor
// and answers 201 with what it made.
func created[In, Out any](s *Server, c *fiber.Ctx, fn func(context.Context, queries.Actor, In) (Out, error)) error {
	var in In
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := fn(c.UserContext(), s.actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// changed binds the JSON body, takes the write fn on the item of the
// route's :id as the signed-in actor and answers the item after it.
func changed[In, Out any](s *Server, c *fiber.Ctx, fn func(context.Context, queries.Actor, int64, In) (Out, error)) error {
	return stepped(s, c, func(ctx context.Context, a queries.Actor, id int64) (Out, error) {
		var in In
		if err := bindJSON(c, &in); err != nil {
			var zero Out
			return zero, err
		}
		return fn(ctx, a, id, in)
	})
}

// stepped takes fn on the item of the route's :id as the signed-in actor
// and answers the item after it.
func stepped[Out any](s *Server, c *fiber.Ctx, fn func(context.Context, queries.Actor, int64) (Out, error)) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	out, err := fn(c.UserContext(), s.actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

type commentRequest struct {
	Comment string `json:"comment"`
}

// itemStep is a step on the item of the route's :id, with an optional
// {"comment"}: do takes it as the user, and the answer is the item after it.
func itemStep[T any](s *Server, do func(ctx context.Context, a queries.Actor, id int64, comment string) (T, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		return stepped(s, c, func(ctx context.Context, a queries.Actor, id int64) (T, error) {
			var req commentRequest
			if len(c.Body()) > 0 {
				if err := bindJSON(c, &req); err != nil {
					var zero T
					return zero, err
				}
			}
			return do(ctx, a, id, req.Comment)
		})
	}
}

// removed takes the delete fn on the item of the route's :id as the
// signed-in actor and answers 204.
func removed(s *Server, c *fiber.Ctx, fn func(context.Context, queries.Actor, int64) error) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := fn(c.UserContext(), s.actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// jsonOr is out as JSON, or err.
func jsonOr(c *fiber.Ctx, out any, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(out)
}
