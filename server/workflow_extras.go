package server

import (
	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
)

// The workflows' additions to the dashboards' pages: overdue rectification
// items on the overview and in the meeting slides, the appeal history on
// a unit's page. A failing read leaves the page without the addition.

// addOverdue adds the overdue items under the overview's unit.
func (h *pageHandlers) addOverdue(c *fiber.Ctx, d *dashboards.OverviewData) {
	items := h.overdueUnder(c, d.Unit.Code)
	if sec := dashboards.OverdueSection(d.Lang, items); sec != nil {
		d.Extra = append(d.Extra, *sec)
	}
}

// addOverdueSlide adds a talking point and a slide on the overdue items under the meeting's unit.
func (h *pageHandlers) addOverdueSlide(c *fiber.Ctx, d *dashboards.MeetingData) {
	items := h.overdueUnder(c, d.Unit.Code)
	if sl := dashboards.OverdueSlide(d.Lang, items); sl != nil {
		d.ExtraPoints = append(d.ExtraPoints, dashboards.OverduePoint(d.Lang, items))
		d.ExtraSlides = append(d.ExtraSlides, *sl)
	}
}

// addAppeals adds the unit's appeal history to its page.
func (h *pageHandlers) addAppeals(c *fiber.Ctx, d *dashboards.UnitData) {
	as, err := h.s.view(c).Appeals(c.UserContext(), queries.AppealFilter{Unit: d.Unit.Code})
	if err != nil {
		h.s.log.Warn("appeal history", "unit", d.Unit.Code, "err", err)
		return
	}
	if sec := dashboards.AppealSection(d.Lang, as); sec != nil {
		d.Extra = append(d.Extra, *sec)
	}
}

func (h *pageHandlers) overdueUnder(c *fiber.Ctx, unit string) []queries.Rectification {
	items, err := h.s.view(c).Rectifications(c.UserContext(), queries.RectFilter{Under: unit, OverdueOnly: true})
	if err != nil {
		h.s.log.Warn("overdue rectifications", "unit", unit, "err", err)
	}
	return items
}
