package server

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// The shapes of every workflow handler, over the item handlers of
// routes_crud.go: read one item of the route's :id through the view, make
// one (201), change one (200 with it after the change), take a step with
// an optional comment, remove one (204) — each write as the signed-in actor.

// viewByID answers the item of the route's :id as read reads it.
func viewByID[T any](c *fiber.Ctx, read func(context.Context, int64) (T, error)) error {
	return byID(func(c *fiber.Ctx, id int64) (T, error) { return read(c.UserContext(), id) })(c)
}

// created binds the JSON body, takes the write fn as the signed-in actor
// and answers 201 with what it made.
func created[In, Out any](s *Server, c *fiber.Ctx, fn func(context.Context, queries.Actor, In) (Out, error)) error {
	return createFromJSON(func(c *fiber.Ctx, in In) (Out, error) { return fn(c.UserContext(), s.actorOf(c), in) })(c)
}

// changed binds the JSON body, takes the write fn on the item of the
// route's :id as the signed-in actor and answers the item after it.
func changed[In, Out any](s *Server, c *fiber.Ctx, fn func(context.Context, queries.Actor, int64, In) (Out, error)) error {
	return updateByID(func(c *fiber.Ctx, id int64, in In) (Out, error) { return fn(c.UserContext(), s.actorOf(c), id, in) })(c)
}

// stepped takes fn on the item of the route's :id as the signed-in actor
// and answers the item after it.
func stepped[Out any](s *Server, c *fiber.Ctx, fn func(context.Context, queries.Actor, int64) (Out, error)) error {
	return byID(func(c *fiber.Ctx, id int64) (Out, error) { return fn(c.UserContext(), s.actorOf(c), id) })(c)
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
	return deleteByID(func(c *fiber.Ctx, id int64) error { return fn(c.UserContext(), s.actorOf(c), id) })(c)
}

// jsonOr is out as JSON, or err.
func jsonOr(c *fiber.Ctx, out any, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(out)
}
