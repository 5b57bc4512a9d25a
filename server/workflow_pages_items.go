package server

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
)

// rectifications is /rectifications?q=&overdue=1: the visible items, overdue first.
func (h *workflowPages) rectifications(c *fiber.Ctx) error {
	return h.showRectifications(c, fiber.StatusOK, flash(c, langOf(c)))
}

func (h *workflowPages) showRectifications(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	d := &dashboards.RectificationsData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_rects_title"), Query: c.Query("q"),
		Overdue: c.QueryBool("overdue"), Today: today(), CanAdd: h.s.Enforce(c, "/rectifications", fiber.MethodPost)}
	if d.Items, err = h.s.view(c).Rectifications(ctx, queries.RectFilter{Query: d.Query, OverdueOnly: d.Overdue}); err != nil {
		return h.fail(c, p, err)
	}
	if d.CanAdd {
		if d.Units, err = h.officeUnits(ctx, c, queries.ActRectify); err != nil {
			return h.fail(c, p, err)
		}
		if d.Meetings, err = h.s.view(c).Meetings(ctx, queries.MeetingFilter{}); err != nil {
			return h.fail(c, p, err)
		}
	}
	return h.render(c, status, "rectifications", d)
}

// rectInput reads the item form; absent fields stay empty (the owner's form has only its own).
func rectInput(c *fiber.Ctx) queries.RectificationInput {
	return queries.RectificationInput{UnitCode: c.FormValue("unit_code"), Source: c.FormValue("source"), Title: c.FormValue("title"),
		Detail: c.FormValue("detail"), Measures: c.FormValue("measures"), Deadline: c.FormValue("deadline"), Status: c.FormValue("status"),
		Evidence: c.FormValue("evidence"), Period: c.FormValue("period"), MeetingID: formID(c, "meeting_id"), IndicatorCode: c.FormValue("indicator_code")}
}

func (h *workflowPages) addRectification(c *fiber.Ctx) error {
	r, err := h.s.Store.AddRectification(c.UserContext(), h.s.actorOf(c), rectInput(c))
	target := "/rectifications"
	if r != nil {
		target = localPath(c.FormValue("back"), fmt.Sprintf("/rectifications/%d", r.ID))
	}
	return h.after(c, err, target, func(status int, f dashboards.Flash) error { return h.showRectifications(c, status, f) })
}

// rectification is /rectifications/{id}: the item, its evidence and the
// forms its office (everything) or owner (progress) may use.
func (h *workflowPages) rectification(c *fiber.Ctx) error {
	return h.showRectification(c, fiber.StatusOK, flash(c, langOf(c)))
}

func (h *workflowPages) showRectification(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	id, err := idParam(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx, u := c.UserContext(), userOf(c)
	r, err := h.s.view(c).Rectification(ctx, id)
	if err != nil {
		return h.fail(c, p, err)
	}
	office := h.s.Enforce(c, "/rectifications/"+strconv.FormatInt(id, 10)+"/delete", fiber.MethodPost)
	if office { // the route is open; the item may still be a higher office's
		if office, err = h.s.Store.MayChange(ctx, h.s.actorOf(c), queries.ActRectify, r.UnitCode, r.CreatedBy); err != nil {
			return h.fail(c, p, err)
		}
	}
	d := &dashboards.RectificationData{Page: p, Flash: f, Title: r.Title, Item: r, CanEdit: office, CanDelete: office,
		CanProgress: !office && u.UnitCode == r.UnitCode}
	if office {
		if d.Units, err = h.officeUnits(ctx, c, queries.ActRectify); err != nil {
			return h.fail(c, p, err)
		}
		if d.Meetings, err = h.s.view(c).Meetings(ctx, queries.MeetingFilter{}); err != nil {
			return h.fail(c, p, err)
		}
	}
	return h.render(c, status, "rectification", d)
}

func (h *workflowPages) updateRectification(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err == nil {
		_, err = h.s.Store.UpdateRectification(c.UserContext(), h.s.actorOf(c), id, rectInput(c))
	}
	return h.after(c, err, "/rectifications/"+c.Params("id"), func(status int, f dashboards.Flash) error { return h.showRectification(c, status, f) })
}

func (h *workflowPages) deleteRectification(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err == nil {
		err = h.s.Store.DeleteRectification(c.UserContext(), h.s.actorOf(c), id)
	}
	return h.after(c, err, "/rectifications", func(status int, f dashboards.Flash) error { return h.showRectification(c, status, f) })
}

// meetings is /meetings?q=: the archive of review meetings, searchable.
func (h *workflowPages) meetings(c *fiber.Ctx) error {
	return h.showMeetings(c, fiber.StatusOK, flash(c, langOf(c)))
}

func (h *workflowPages) showMeetings(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	d := &dashboards.MeetingsData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_meetings_title"), Query: c.Query("q"), Today: today(),
		CanAdd: h.s.Enforce(c, "/meetings", fiber.MethodPost)}
	if d.Meetings, err = h.s.view(c).Meetings(ctx, queries.MeetingFilter{Query: d.Query}); err != nil {
		return h.fail(c, p, err)
	}
	if d.CanAdd {
		if d.Units, err = h.officeUnits(ctx, c, queries.ActMinutes); err != nil {
			return h.fail(c, p, err)
		}
	}
	return h.render(c, status, "meetings", d)
}

func meetingInput(c *fiber.Ctx) queries.MeetingInput {
	return queries.MeetingInput{UnitCode: c.FormValue("unit_code"), Period: c.FormValue("period"), Title: c.FormValue("title"),
		HeldOn: c.FormValue("held_on"), Location: c.FormValue("location"), Attendees: c.FormValue("attendees"),
		Minutes: c.FormValue("minutes"), Decisions: c.FormValue("decisions")}
}

func (h *workflowPages) addMeeting(c *fiber.Ctx) error {
	m, err := h.s.Store.AddMeeting(c.UserContext(), h.s.actorOf(c), meetingInput(c))
	target := "/meetings"
	if m != nil {
		target = fmt.Sprintf("/meetings/%d", m.ID)
	}
	return h.after(c, err, target, func(status int, f dashboards.Flash) error { return h.showMeetings(c, status, f) })
}

// minutes is /meetings/{id}: the minutes, decisions and the items set.
func (h *workflowPages) minutes(c *fiber.Ctx) error {
	return h.showMinutes(c, fiber.StatusOK, flash(c, langOf(c)))
}

func (h *workflowPages) showMinutes(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	id, err := idParam(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	m, err := h.s.view(c).Meeting(ctx, id)
	if err != nil {
		return h.fail(c, p, err)
	}
	d := &dashboards.MinutesData{Page: p, Flash: f, Title: m.Title, Meeting: m, Today: today(),
		CanEdit: h.s.Enforce(c, "/meetings/"+strconv.FormatInt(id, 10), fiber.MethodPost), CanAddRec: h.s.Enforce(c, "/rectifications", fiber.MethodPost)}
	if d.CanAddRec {
		if d.Units, err = h.officeUnits(ctx, c, queries.ActRectify); err != nil {
			return h.fail(c, p, err)
		}
	}
	return h.render(c, status, "minutes", d)
}

func (h *workflowPages) updateMeeting(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err == nil {
		_, err = h.s.Store.UpdateMeeting(c.UserContext(), h.s.actorOf(c), id, meetingInput(c))
	}
	return h.after(c, err, "/meetings/"+c.Params("id"), func(status int, f dashboards.Flash) error { return h.showMinutes(c, status, f) })
}

func (h *workflowPages) deleteMeeting(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err == nil {
		err = h.s.Store.DeleteMeeting(c.UserContext(), h.s.actorOf(c), id)
	}
	return h.after(c, err, "/meetings", func(status int, f dashboards.Flash) error { return h.showMinutes(c, status, f) })
}

// adjustments is /adjustments?period=P: bonuses, penalties and vetoes under the user's unit.
func (h *workflowPages) adjustments(c *fiber.Ctx) error {
	return h.showAdjustments(c, fiber.StatusOK, flash(c, langOf(c)))
}

func (h *workflowPages) showAdjustments(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	d := &dashboards.AdjustmentsData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_adj_title"), Final: p.Status() == "final",
		CanAdd: h.s.Enforce(c, "/adjustments", fiber.MethodPost), MaxPoints: h.s.Store.MaxPoints(ctx)}
	if p.Period != "" {
		if d.Rows, err = h.s.view(c).ListAdjustments(ctx, queries.AdjustmentFilter{Period: p.Period}); err != nil {
			return h.fail(c, p, err)
		}
	}
	d.Deletable = map[int64]bool{}
	for _, r := range d.Rows {
		if !d.CanAdd || d.Final {
			break
		}
		if d.Deletable[r.ID], err = h.s.Store.MayChange(ctx, h.s.actorOf(c), queries.ActAdjust, r.UnitCode, r.CreatedBy); err != nil {
			return h.fail(c, p, err)
		}
	}
	if d.CanAdd && !d.Final {
		if d.Units, err = h.officeUnits(ctx, c, queries.ActAdjust); err != nil {
			return h.fail(c, p, err)
		}
		if d.Indicators, err = h.s.view(c).Indicators(ctx, ""); err != nil {
			return h.fail(c, p, err)
		}
		d.Indicators = latestVersions(d.Indicators)
	}
	return h.render(c, status, "adjustments", d)
}

func (h *workflowPages) addAdjustment(c *fiber.Ctx) error {
	points, err := formFloat(c, "points")
	if err == nil {
		in := queries.AdjustmentInput{UnitCode: c.FormValue("unit_code"), Period: c.FormValue("period"), Kind: c.FormValue("kind"),
			Reason: c.FormValue("reason"), IndicatorCode: c.FormValue("indicator_code"), Evidence: c.FormValue("evidence")}
		if points != nil {
			in.Points = *points
		}
		_, err = h.s.Store.AddAdjustment(c.UserContext(), h.s.actorOf(c), in)
	}
	return h.after(c, err, "/adjustments?period="+url.QueryEscape(c.FormValue("period")), func(status int, f dashboards.Flash) error { return h.showAdjustments(c, status, f) })
}

func (h *workflowPages) deleteAdjustment(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err == nil {
		err = h.s.Store.DeleteAdjustment(c.UserContext(), h.s.actorOf(c), id)
	}
	return h.after(c, err, "/adjustments?period="+url.QueryEscape(c.FormValue("period")), func(status int, f dashboards.Flash) error { return h.showAdjustments(c, status, f) })
}
