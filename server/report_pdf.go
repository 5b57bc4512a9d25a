package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
	"jixiao/reports"
)

// quarterlyPDF answers GET /api/reports/quarterly?format=pdf. PDF is the
// costly format (a headless Chromium per render), so it goes through the
// gate (pdf_gate.go): bounded renders, a bounded wait, one per user, the
// same PDF shared by identical requests and kept while the data stays.
// Where the report centre's stored report of the quarter is current and
// the user receives it, that page is printed (one PDF for all its
// readers); otherwise the report is built with the user's scope. The
// render stops, and its browser is killed, when the client goes away or
// reports.PDFTimeout passes.
func (s *Server) quarterlyPDF(c *fiber.Ctx, period, unit string) error {
	ctx, sc, user := c.UserContext(), scopeOf(c), userOf(c)
	if err := s.pdf.refuses(user.Username); err != nil {
		return pdfRefusal(c, err)
	}
	dv, err := s.Store.DataVersion(ctx)
	if err != nil {
		return err
	}
	var key, name string
	var page func() ([]byte, error)
	if f, err := s.view(c).ReportFile(ctx, period, unit, "html"); err == nil && f.DataVersion == dv {
		key = fmt.Sprintf("stored|%s|%s|%d", period, unit, dv)
		name = f.UnitName + dashboards.PeriodName("zh", period)
		page = func() ([]byte, error) {
			if f.LibAt == nil {
				return f.Body, nil
			}
			return reports.Inline(f.Body, *f.LibAt), nil
		}
	} else if err != nil && !errors.Is(err, queries.ErrNotFound) {
		return err
	} else {
		q, err := reports.Build(ctx, s.view(c), period, unit, user.Name)
		if reports.IsBadRequest(err) {
			return fiber.NewError(fiber.StatusBadRequest, err.Error())
		}
		if err != nil {
			return err
		}
		key = fmt.Sprintf("built|%s|%s|%s|%s|%d", period, unit, sc.Key(), user.Name, dv)
		name = q.Unit.Name + q.PeriodLabel
		page = func() ([]byte, error) {
			var b bytes.Buffer
			err := q.WriteHTML(&b)
			return b.Bytes(), err
		}
	}
	rctx, cancel := context.WithTimeout(context.Background(), reports.PDFTimeout)
	defer cancel()
	stopWatch := watchGone(c.Context().Conn(), 250*time.Millisecond, cancel)
	defer stopWatch()
	go func() { // the server stopping ends the render too
		select {
		case <-s.stop:
			cancel()
		case <-rctx.Done():
		}
	}()
	pdf, err := s.pdf.do(rctx, key, user.Username, func(ctx context.Context) ([]byte, error) {
		html, err := page()
		if err != nil {
			return nil, err
		}
		return s.renderPDF(ctx, html)
	})
	switch {
	case errors.Is(err, errPDFUserBusy), errors.Is(err, errPDFBusy):
		return pdfRefusal(c, err)
	case errors.Is(err, reports.ErrNoBrowser):
		return fiber.NewError(fiber.StatusServiceUnavailable, err.Error())
	case rctx.Err() != nil && err != nil:
		// The client went away (nobody reads the answer) or the time ran out.
		return fiber.NewError(fiber.StatusServiceUnavailable, "PDF 生成已取消（超时或连接已断开）/ the PDF was cancelled (timed out, or the client went away)")
	case err != nil:
		return err
	}
	s.Audit(c, "report", unit+" "+period, "pdf")
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, attachmentDisposition(fmt.Sprintf("%s绩效分析报告-%s.pdf", name, unit), fmt.Sprintf("report-%s-%s", unit, period)))
	return c.Send(pdf)
}

// pdfRefusal answers a refused PDF: 429 for the user's second one, 503
// when rendering is busy, each with Retry-After and a plain message.
func pdfRefusal(c *fiber.Ctx, err error) error {
	c.Set(fiber.HeaderRetryAfter, "30")
	if errors.Is(err, errPDFUserBusy) {
		return fiber.NewError(fiber.StatusTooManyRequests, err.Error())
	}
	return fiber.NewError(fiber.StatusServiceUnavailable, err.Error())
}
