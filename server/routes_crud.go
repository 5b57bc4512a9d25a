package server

import "github.com/gofiber/fiber/v2"

// The JSON handlers of items addressed by a numeric :id (sources, pulls):
// each reads the id (idParam: 404 for one that is none) before the body
// (bindJSON), and answers 200, 201 for a creation, 204 for a deletion.

// answerJSON answers as JSON what do gives for the parameter param reads
// from the request (an error of either is the answer).
func answerJSON[P, T any](param func(c *fiber.Ctx) (P, error), do func(c *fiber.Ctx, p P) (T, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p, err := param(c)
		if err != nil {
			return err
		}
		out, err := do(c, p)
		if err != nil {
			return err
		}
		return c.JSON(out)
	}
}

// byID answers as JSON what do gives for the path's :id.
func byID[T any](do func(c *fiber.Ctx, id int64) (T, error)) fiber.Handler {
	return answerJSON(idParam, do)
}

// createFromJSON answers 201 with the item create makes of the JSON body.
func createFromJSON[In, Out any](create func(c *fiber.Ctx, in In) (Out, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var in In
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		out, err := create(c, in)
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(out)
	}
}

// updateByID answers the item update makes of the path's :id and the
// JSON body.
func updateByID[In, Out any](update func(c *fiber.Ctx, id int64, in In) (Out, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		var in In
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		out, err := update(c, id, in)
		if err != nil {
			return err
		}
		return c.JSON(out)
	}
}

// deleteByID answers 204 once remove removed the item of the path's :id.
func deleteByID(remove func(c *fiber.Ctx, id int64) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c)
		if err != nil {
			return err
		}
		if err := remove(c, id); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}
