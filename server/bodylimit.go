package server

import (
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// jsonBodyLimit bounds every request body but an upload's.
const jsonBodyLimit = 1 << 20

// bodyLimit is the largest body the route of c takes: an import file (the
// API's and the imports page's, pages_imports.go), an evidence file
// (workflow_files.go), or 1 MiB for everything else.
func (s *Server) bodyLimit(c *fiber.Ctx) (limit int, upload bool) {
	if c.Method() == fiber.MethodPost {
		p := c.Path()
		switch {
		case strings.HasPrefix(p, "/api/imports/") || strings.HasPrefix(p, "/imports/"):
			return s.cfg.MaxUploadBytes, true
		case strings.HasSuffix(p, "/files"):
			return evidenceBodyLimit, true
		}
	}
	return jsonBodyLimit, false
}

// limitBody runs before authentication and reads no large body: a declared
// length over the route's limit is refused from the header, an upload must
// declare its length (its handler, after authentication and authorization,
// streams it to disk), and a small route's body of undeclared length is
// read up to its limit only. The connection of a refused body is closed
// rather than drained.
func (s *Server) limitBody(c *fiber.Ctx) error {
	limit, upload := s.bodyLimit(c)
	n := c.Request().Header.ContentLength()
	tooLarge := func() error {
		c.Context().SetConnectionClose()
		return fiber.NewError(fiber.StatusRequestEntityTooLarge, "request body too large / 请求内容过大")
	}
	switch {
	case n > limit:
		return tooLarge()
	case n == -1 && upload:
		c.Context().SetConnectionClose()
		return fiber.NewError(fiber.StatusLengthRequired, "an upload must state its Content-Length / 上传须声明 Content-Length")
	case n == -1:
		if bs := c.Request().BodyStream(); bs != nil {
			b, err := io.ReadAll(io.LimitReader(bs, int64(limit)+1))
			if err != nil {
				return fiber.NewError(fiber.StatusBadRequest, "the request body could not be read")
			}
			if len(b) > limit {
				return tooLarge()
			}
			c.Request().SetBody(b)
		}
	}
	return c.Next()
}
