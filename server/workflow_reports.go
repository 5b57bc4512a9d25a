package server

import (
	"bytes"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"jixiao/data"
	"jixiao/reports"
)

var reportTypes = map[string]string{
	"html": fiber.MIMETextHTMLCharsetUTF8,
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pdf":  "application/pdf",
}

// quarterlyReport is GET /api/reports/quarterly?period=P&unit=U&format=html|xlsx|pdf:
// the quarterly analysis report of U's subtree (default: the user's unit)
// as a download, holding only what the user may see.
func (s *Server) quarterlyReport(c *fiber.Ctx) error {
	format := c.Query("format", "html")
	mime, ok := reportTypes[format]
	if !ok {
		return fiber.NewError(fiber.StatusBadRequest, "format must be html, xlsx or pdf")
	}
	period, err := s.periodParam(c, "period", false)
	if err != nil {
		return err
	}
	if !data.IsQuarter(period) {
		return fiber.NewError(fiber.StatusBadRequest, "the report is quarterly: give a period like 2025Q4 / 季度报告须指定季度")
	}
	unit := c.Query("unit", userOf(c).UnitCode)
	if format == "pdf" {
		return s.quarterlyPDF(c, period, unit)
	}
	q, err := reports.Build(c.UserContext(), s.view(c), period, unit, userOf(c).Name)
	if reports.IsBadRequest(err) {
		return fiber.NewError(fiber.StatusBadRequest, err.Error())
	}
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := q.Write(c.UserContext(), &buf, format); err != nil {
		return err
	}
	s.Audit(c, "report", unit+" "+period, format)
	name := fmt.Sprintf("%s%s绩效分析报告-%s.%s", q.Unit.Name, q.PeriodLabel, unit, format)
	c.Set(fiber.HeaderContentType, mime)
	c.Set(fiber.HeaderContentDisposition, attachmentDisposition(name, fmt.Sprintf("report-%s-%s", unit, period)))
	return c.Send(buf.Bytes())
}
