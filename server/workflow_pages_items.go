package server

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
)

// rectsView is /rectifications?q=&overdue=1: the visible items, overdue first.
func (h *workflowPages) rectsView(c *fiber.Ctx, p dashboards.Page, f dashboards.Flash) (_ string, _ any, err error) {
	ctx := c.UserContext()
	d := &dashboards.RectificationsData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_rects_title"), Query: c.Query("q"),
		Overdue: c.QueryBool("overdue"), Today: today(), CanAdd: h.s.Enforce(c, "/rectifications", fiber.MethodPost)}
	if d.Items, err = h.s.view(c).Rectifications(ctx, queries.RectFilter{Query: d.Query, OverdueOnly: d.Overdue}); err != nil {
		return "", nil, err
	}
	if d.CanAdd {
		if d.Units, d.Meetings, err = h.itemChoices(c); err != nil {
			return "", nil, err
		}
	}
	return "rectifications", d, nil
}

// itemChoices are the units an office may give an item to and the
// meetings it may come from.
func (h *workflowPages) itemChoices(c *fiber.Ctx) ([]queries.Unit, []queries.Meeting, error) {
	units, err := h.officeUnits(c.UserContext(), c, queries.ActRectify)
	if err != nil {
		return nil, nil, err
	}
	ms, err := h.s.view(c).Meetings(c.UserContext(), queries.MeetingFilter{})
	return units, ms, err
}

// rectInput reads the item form; absent fields stay empty (the owner's form has only its own).
func rectInput(c *fiber.Ctx) queries.RectificationInput {
	return queries.RectificationInput{UnitCode: c.FormValue("unit_code"), Source: c.FormValue("source"), Title: c.FormValue("title"),
		Detail: c.FormValue("detail"), Measures: c.FormValue("measures"), Deadline: c.FormValue("deadline"), Status: c.FormValue("status"),
		Evidence: c.FormValue("evidence"), Period: c.FormValue("period"), MeetingID: formID(c, "meeting_id"), IndicatorCode: c.FormValue("indicator_code")}
}

func (h *workflowPages) addRectification(c *fiber.Ctx) (string, error) {
	r, err := h.s.Flow.AddRectification(c.UserContext(), h.s.actorOf(c), rectInput(c))
	if r != nil {
		return localPath(c.FormValue("back"), fmt.Sprintf("/rectifications/%d", r.ID)), err
	}
	return "/rectifications", err
}

// rectView is /rectifications/{id}: the item, its evidence and the forms
// its office (everything) or owner (progress) may use.
func (h *workflowPages) rectView(c *fiber.Ctx, p dashboards.Page, f dashboards.Flash) (string, any, error) {
	ctx, u := c.UserContext(), userOf(c)
	id, r, err := itemOf(c, h.s.view(c).Rectification)
	if err != nil {
		return "", nil, err
	}
	office := h.s.Enforce(c, "/rectifications/"+strconv.FormatInt(id, 10)+"/delete", fiber.MethodPost)
	if office { // the route is open; the item may still be a higher office's
		if office, err = h.s.Store.MayChange(ctx, h.s.actorOf(c), queries.ActRectify, r.UnitCode, r.CreatedBy); err != nil {
			return "", nil, err
		}
	}
	d := &dashboards.RectificationData{Page: p, Flash: f, Title: r.Title, Item: r, CanEdit: office, CanDelete: office,
		CanProgress: !office && u.UnitCode == r.UnitCode}
	if office {
		if d.Units, d.Meetings, err = h.itemChoices(c); err != nil {
			return "", nil, err
		}
	}
	return "rectification", d, nil
}

// meetingsView is /meetings?q=: the archive of review meetings, searchable.
func (h *workflowPages) meetingsView(c *fiber.Ctx, p dashboards.Page, f dashboards.Flash) (_ string, _ any, err error) {
	ctx := c.UserContext()
	d := &dashboards.MeetingsData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_meetings_title"), Query: c.Query("q"), Today: today(),
		CanAdd: h.s.Enforce(c, "/meetings", fiber.MethodPost)}
	if d.Meetings, err = h.s.view(c).Meetings(ctx, queries.MeetingFilter{Query: d.Query}); err != nil {
		return "", nil, err
	}
	if d.CanAdd {
		if d.Units, err = h.officeUnits(ctx, c, queries.ActMinutes); err != nil {
			return "", nil, err
		}
	}
	return "meetings", d, nil
}

func meetingInput(c *fiber.Ctx) queries.MeetingInput {
	return queries.MeetingInput{UnitCode: c.FormValue("unit_code"), Period: c.FormValue("period"), Title: c.FormValue("title"),
		HeldOn: c.FormValue("held_on"), Location: c.FormValue("location"), Attendees: c.FormValue("attendees"),
		Minutes: c.FormValue("minutes"), Decisions: c.FormValue("decisions")}
}

func (h *workflowPages) addMeeting(c *fiber.Ctx) (string, error) {
	m, err := h.s.Flow.AddMeeting(c.UserContext(), h.s.actorOf(c), meetingInput(c))
	if m != nil {
		return fmt.Sprintf("/meetings/%d", m.ID), err
	}
	return "/meetings", err
}

// minutesView is /meetings/{id}: the minutes, decisions and the items set.
func (h *workflowPages) minutesView(c *fiber.Ctx, p dashboards.Page, f dashboards.Flash) (string, any, error) {
	id, m, err := itemOf(c, h.s.view(c).Meeting)
	if err != nil {
		return "", nil, err
	}
	d := &dashboards.MinutesData{Page: p, Flash: f, Title: m.Title, Meeting: m, Today: today(),
		CanEdit: h.s.Enforce(c, "/meetings/"+strconv.FormatInt(id, 10), fiber.MethodPost), CanAddRec: h.s.Enforce(c, "/rectifications", fiber.MethodPost)}
	if d.CanAddRec {
		if d.Units, err = h.officeUnits(c.UserContext(), c, queries.ActRectify); err != nil {
			return "", nil, err
		}
	}
	return "minutes", d, nil
}

// adjustmentsView is /adjustments?period=P: bonuses, penalties and vetoes
// under the user's unit.
func (h *workflowPages) adjustmentsView(c *fiber.Ctx, p dashboards.Page, f dashboards.Flash) (_ string, _ any, err error) {
	ctx := c.UserContext()
	d := &dashboards.AdjustmentsData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "wf_adj_title"), Final: p.Status() == "final",
		CanAdd: h.s.Enforce(c, "/adjustments", fiber.MethodPost), MaxPoints: h.s.Store.MaxPoints(ctx)}
	if p.Period != "" {
		if d.Rows, err = h.s.view(c).ListAdjustments(ctx, queries.AdjustmentFilter{Period: p.Period}); err != nil {
			return "", nil, err
		}
	}
	d.Deletable = map[int64]bool{}
	for _, r := range d.Rows {
		if !d.CanAdd || d.Final {
			break
		}
		if d.Deletable[r.ID], err = h.s.Store.MayChange(ctx, h.s.actorOf(c), queries.ActAdjust, r.UnitCode, r.CreatedBy); err != nil {
			return "", nil, err
		}
	}
	if d.CanAdd && !d.Final {
		if d.Units, err = h.officeUnits(ctx, c, queries.ActAdjust); err != nil {
			return "", nil, err
		}
		if d.Indicators, err = h.s.view(c).Indicators(ctx, ""); err != nil {
			return "", nil, err
		}
		d.Indicators = latestVersions(d.Indicators)
	}
	return "adjustments", d, nil
}

// adjustmentsOf is the adjustments page of the form's quarter.
func adjustmentsOf(c *fiber.Ctx) string {
	return "/adjustments?period=" + url.QueryEscape(c.FormValue("period"))
}

func (h *workflowPages) addAdjustment(c *fiber.Ctx) (string, error) {
	points, err := formFloat(c, "points")
	if err == nil {
		in := queries.AdjustmentInput{UnitCode: c.FormValue("unit_code"), Period: c.FormValue("period"), Kind: c.FormValue("kind"),
			Reason: c.FormValue("reason"), IndicatorCode: c.FormValue("indicator_code"), Evidence: c.FormValue("evidence")}
		if points != nil {
			in.Points = *points
		}
		_, err = h.s.Store.AddAdjustment(c.UserContext(), h.s.actorOf(c), in)
	}
	return adjustmentsOf(c), err
}

func (h *workflowPages) deleteAdjustment(c *fiber.Ctx) (string, error) {
	id, err := idParam(c)
	if err == nil {
		err = h.s.Store.DeleteAdjustment(c.UserContext(), h.s.actorOf(c), id)
	}
	return adjustmentsOf(c), err
}
