package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// TestErrorKindsMapToStatus: every kind of the one queries error type
// answers with its status through the one error handler, wrapped or not,
// and an error of no kind stays "internal error".
func TestErrorKindsMapToStatus(t *testing.T) {
	s := newTestServer(t, loadFixture(t, ""))
	app := fiber.New(fiber.Config{ErrorHandler: s.errorHandler})
	cases := map[string]struct {
		err  error
		code int
		body string
	}{
		"notfound":  {fmt.Errorf("wrapped: %w", queries.ErrNotFound), 404, `{"error":"not found / 未找到"}`},
		"forbidden": {&queries.Error{Kind: queries.Forbidden, Msg: "no"}, 403, `{"error":"no"}`},
		"conflict":  {fmt.Errorf("x: %w", &queries.Error{Kind: queries.Conflict, Msg: "final"}), 409, `{"error":"final"}`},
		"invalid":   {queries.Invalidf("bad"), 400, `{"error":"bad"}`},
		"internal":  {fmt.Errorf("duckdb: secret path /tmp/x"), 500, `{"error":"internal error"}`},
	}
	for name, c := range cases {
		err := c.err
		app.Get("/"+name, func(*fiber.Ctx) error { return err })
	}
	for name, c := range cases {
		res, err := app.Test(func() *http.Request {
			r := httptest.NewRequest("GET", "/"+name, nil)
			r.Header.Set("Accept", "application/json")
			return r
		}(), -1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != c.code || string(b) != c.body {
			t.Errorf("%s: %d %s, want %d %s", name, res.StatusCode, b, c.code, c.body)
		}
	}
}
