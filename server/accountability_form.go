package server

import (
	"errors"
	"net/url"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
)

// The office's form on /accountability (SPEC §13): pick a bureau of its
// own subtree, see who answers for its indicators, name one more. The
// post runs the API's SetResponsibility; a refusal shows the page again
// with the reason and the fields as sent.

const dutyFormPath = "/accountability/responsibilities"

// dutyForm is the form for the request's user, or nil when the policy
// does not let it post (or it is viewing as someone).
func (s *Server) dutyForm(c *fiber.Ctx, sent *queries.ResponsibilityInput) (*dashboards.DutyForm, error) {
	u := userOf(c)
	if u == nil || viewingAs(c) || !s.Enforce(c, dutyFormPath, fiber.MethodPost) {
		return nil, nil
	}
	ctx := c.UserContext()
	units, err := s.view(c).UnitsUnder(ctx, u.UnitCode)
	if err != nil {
		return nil, err
	}
	f := &dashboards.DutyForm{Unit: c.Query("unit")}
	if sent != nil {
		f.Unit, f.Indicator, f.Leader, f.Owner = sent.UnitCode, sent.IndicatorCode, sent.Leader, sent.Owner
	}
	known := false
	for _, x := range units {
		if x.Kind == "bureau" {
			f.Units = append(f.Units, dashboards.Link{Href: x.Code, Label: dashboards.ShortName(x.Name) + " · " + x.Code})
			known = known || x.Code == f.Unit
		}
	}
	if len(f.Units) == 0 {
		return nil, nil // no bureau in reach (a department's office)
	}
	if !known {
		f.Unit = f.Units[0].Href
	}
	inds, err := s.view(c).Indicators(ctx, "")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, in := range inds {
		if in.Tier == "decision" && !seen[in.Code] {
			seen[in.Code] = true
			f.Indicators = append(f.Indicators, dashboards.Link{Href: in.Code, Label: in.Code + " " + in.Name})
		}
	}
	sort.Slice(f.Indicators, func(i, j int) bool { return f.Indicators[i].Href < f.Indicators[j].Href })
	if f.Current, err = s.view(c).Responsibilities(ctx, f.Unit); err != nil && !errors.Is(err, queries.ErrNotFound) {
		return nil, err
	}
	return f, nil
}

// postResponsibility is POST /accountability/responsibilities: the form's
// PUT. Done: back to the page (303) with the bureau shown; refused: the
// page again with the reason, status as the API's (422, 403, 404).
func (s *Server) postResponsibility(c *fiber.Ctx, h *pageHandlers) error {
	in := queries.ResponsibilityInput{UnitCode: strings.TrimSpace(c.FormValue("unit_code")), IndicatorCode: strings.TrimSpace(c.FormValue("indicator_code")),
		Leader: strings.TrimSpace(c.FormValue("leader")), Owner: strings.TrimSpace(c.FormValue("owner"))}
	period := strings.TrimSpace(c.FormValue("period"))
	_, err := s.Flow.SetResponsibility(c.UserContext(), s.actorOf(c), in)
	if err == nil {
		q := url.Values{"unit": {in.UnitCode}, "saved": {in.IndicatorCode}}
		if period != "" {
			q.Set("period", period)
		}
		return c.Redirect("/accountability?"+q.Encode(), fiber.StatusSeeOther)
	}
	status, msg, ok := refused(err)
	var pe *queries.ParamError
	if errors.As(err, &pe) {
		var parts []string
		for _, p := range pe.Problems {
			parts = append(parts, p.Message)
		}
		status, msg, ok = fiber.StatusUnprocessableEntity, strings.Join(parts, "；"), true
	}
	if !ok {
		return err
	}
	c.Request().URI().QueryArgs().Set("period", period) // the page shows the quarter it was posted from
	return s.accountabilityPage(c, h, status, dashboards.Flash{Error: msg}, &in)
}

// savedFlash says what the last post saved (?unit=U&saved=I).
func savedFlash(c *fiber.Ctx) dashboards.Flash {
	if i := c.Query("saved"); i != "" {
		return dashboards.Flash{OK: dashboards.T(langOf(c), "acc_saved", c.Query("unit"), i)}
	}
	return dashboards.Flash{}
}
