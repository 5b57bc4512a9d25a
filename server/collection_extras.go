package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/data"
	"jixiao/queries"
)

// The collection's additions to the dashboards' pages (SPEC §12.1, §12.2):
// a unit page's field-checked indicators and accepted explanations, the
// meeting's slide of accepted explanations. A failing read leaves the page
// without the addition.

// addCollection adds the unit's field checks and accepted explanations of
// the period to its page (the unit is seen named: the page checked).
func (h *pageHandlers) addCollection(c *fiber.Ctx, d *dashboards.UnitData) {
	if !data.IsQuarter(d.Period) {
		return
	}
	ctx := c.UserContext()
	checks, err := h.s.view(c).UnitFieldChecks(ctx, d.Unit.Code, d.Period)
	if err != nil {
		h.s.log.Warn("field checks", "unit", d.Unit.Code, "err", err)
	}
	d.Checked = checks
	if sec := dashboards.FieldChecksSection(d.Lang, checks); sec != nil {
		d.Extra = append(d.Extra, *sec)
	}
	notes, err := h.s.view(c).Explanations(ctx, queries.NoteFilter{Period: d.Period, Unit: d.Unit.Code, AcceptedOnly: true})
	if err != nil {
		h.s.log.Warn("explanations", "unit", d.Unit.Code, "err", err)
	}
	if sec := dashboards.NotesSection(d.Lang, notes, false); sec != nil {
		d.Extra = append(d.Extra, *sec)
	}
}

// addNotesSlide adds the accepted explanations of the units the meeting
// ranks named (the group's named rows and the meeting's unit).
func (h *pageHandlers) addNotesSlide(c *fiber.Ctx, d *dashboards.MeetingData) {
	if !data.IsQuarter(d.Period) {
		return
	}
	named := map[string]bool{d.Unit.Code: true}
	if d.Group != nil {
		for _, r := range d.Group.Rows {
			if r.UnitCode != nil {
				named[*r.UnitCode] = true
			}
		}
	}
	notes, err := h.s.view(c).Explanations(c.UserContext(), queries.NoteFilter{Period: d.Period, AcceptedOnly: true})
	if err != nil {
		h.s.log.Warn("explanations", "unit", d.Unit.Code, "err", err)
		return
	}
	var shown []queries.Note
	for _, n := range notes {
		if named[n.UnitCode] {
			shown = append(shown, n)
		}
	}
	if sl := dashboards.NotesSlide(d.Lang, shown); sl != nil {
		d.ExtraSlides = append(d.ExtraSlides, *sl)
	}
}

// checkCollection emits the due and overdue submission events (SPEC §14),
// once per unit, quarter and kind; the server runs it every hour.
func (s *Server) checkCollection(ctx context.Context) {
	if n, err := s.Store.CheckCollection(ctx, time.Now()); err != nil {
		s.log.Warn("collection deadlines", "err", err)
	} else if n > 0 {
		s.log.Info("collection deadline events", "count", n)
	}
}
