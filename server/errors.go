package server

import (
	"context"
	"errors"
	"html/template"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
	"jixiao/queries/imports"
)

// errorBody is every API error: {"error": "…"}, and for a rejected import
// the rows at fault.
type errorBody struct {
	Error  string `json:"error"`
	Errors any    `json:"errors,omitempty"` // []data.RowError, or []queries.ParamProblem
}

// kindStatus is the status of each kind of queries.Error.
var kindStatus = map[queries.Kind]int{
	queries.NotFound:  fiber.StatusNotFound,
	queries.Forbidden: fiber.StatusForbidden,
	queries.Conflict:  fiber.StatusConflict,
	queries.Invalid:   fiber.StatusBadRequest,
}

// statusOfKind is the status a queries.Error answers with, 0 for other errors.
func statusOfKind(err error) int { return kindStatus[queries.KindOf(err)] }

// errorHandler is the one place errors become status codes: a
// queries.Error by its kind (kindStatus; a missing or invisible thing
// always says only "not found"), rejected imports 422, fiber errors keep
// their code, and anything else is logged and shown only as "internal error".
func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	code, body := fiber.StatusInternalServerError, errorBody{Error: "internal error"}
	var fe *fiber.Error
	var rej *imports.RejectedError
	var param *queries.ParamError
	switch {
	case errors.As(err, &param):
		code, body.Errors = fiber.StatusUnprocessableEntity, param.Problems
		body.Error = param.Error()
	case errors.Is(err, queries.ErrNotFound):
		code, body.Error = fiber.StatusNotFound, "not found / 未找到"
	case errors.As(err, &rej):
		code, body.Errors = fiber.StatusUnprocessableEntity, rej.Errors
		body.Error = "the file was rejected; nothing was changed / 文件未导入，数据未作任何更改"
	case statusOfKind(err) != 0:
		code, body.Error = statusOfKind(err), queries.MessageOf(err)
	case errors.As(err, &fe):
		code, body.Error = fe.Code, fe.Message
		if code == fiber.StatusNotFound {
			body.Error = "not found / 未找到" // fiber's own text echoes the path
		}
	case errors.Is(err, context.DeadlineExceeded):
		code, body.Error = fiber.StatusServiceUnavailable, "the query took too long / 查询超时"
		s.log.Error("request timed out", "method", c.Method(), "path", c.Path(), "err", err)
	default:
		s.log.Error("internal error", "method", c.Method(), "path", c.Path(), "err", err)
	}
	if code == fiber.StatusTooManyRequests && c.GetRespHeader(fiber.HeaderRetryAfter) == "" {
		c.Set(fiber.HeaderRetryAfter, "60")
	}
	c.Status(code)
	if isAPI(c) || c.Accepts(fiber.MIMETextHTML, fiber.MIMEApplicationJSON) == fiber.MIMEApplicationJSON {
		return c.JSON(body)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return s.styledError(c, code, body.Error)
}

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Code}} · jixiao</title></head>
<body><h1>{{.Code}}</h1><p>{{.Message}}</p><p><a href="/">首页 / Home</a></p></body></html>
`))
