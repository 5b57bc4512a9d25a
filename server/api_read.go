package server

import (
	"context"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/reads"
)

func (s *Server) registerReadRoutes(api fiber.Router) {
	api.Get("/health", s.health)
	api.Get("/periods", s.periods)
	api.Get("/units", s.units)
	api.Get("/units/:code", s.unit)
	api.Get("/units/:code/trend", s.trend)
	api.Get("/units/:code/breakdown", s.breakdown)
	api.Get("/rankings", s.rankings)
	api.Get("/overview", s.overviewAPI)
	api.Get("/indicators", s.indicators)
	api.Get("/indicators/:code", s.indicator)
	api.Get("/indicators/:code/values", s.indicatorValues)
	api.Get("/indicators/:code/completion", s.indicatorCompletion)
}

func (s *Server) health(c *fiber.Ctx) error {
	v, err := s.Store.DataVersion(c.UserContext())
	if err != nil {
		return fiber.NewError(fiber.StatusServiceUnavailable, "database unavailable")
	}
	return c.JSON(fiber.Map{"status": "ok", "data_version": v})
}

// periodParam reads an optional period (quarter, or year when allowed),
// defaulting to the newest quarter the user sees.
func (s *Server) periodParam(c *fiber.Ctx, name string, yearOK bool) (string, error) {
	raw := c.Query(name)
	if raw == "" {
		return s.view(c).LatestPeriod(c.UserContext())
	}
	p, err := data.ParsePeriod(raw)
	if err != nil {
		return "", fiber.NewError(fiber.StatusBadRequest, err.Error())
	}
	if p.IsYear() && !yearOK {
		return "", fiber.NewError(fiber.StatusBadRequest, "period must be a quarter such as 2025Q3 / 期间须为季度")
	}
	return p.String(), nil
}

// optionalPeriod is a validated period bound, or "".
func optionalPeriod(c *fiber.Ctx, name string) (string, error) {
	raw := c.Query(name)
	if raw == "" {
		return "", nil
	}
	p, err := data.ParsePeriod(raw)
	if err != nil {
		return "", fiber.NewError(fiber.StatusBadRequest, err.Error())
	}
	return p.String(), nil
}

// cachedJSON answers the JSON of fn under the request's scope, through the
// encoded-answer cache.
func (s *Server) cachedJSON(c *fiber.Ctx, route string, args []string, fn func(ctx context.Context, v *reads.View) (any, error)) error {
	b, err := s.view(c).JSON(c.UserContext(), route, args, fn)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(b)
}

func (s *Server) periods(c *fiber.Ctx) error {
	return s.cachedJSON(c, "periods", nil, func(ctx context.Context, v *reads.View) (any, error) {
		return v.Periods(ctx)
	})
}

func (s *Server) units(c *fiber.Ctx) error {
	return s.cachedJSON(c, "units", nil, func(ctx context.Context, v *reads.View) (any, error) {
		return v.Units(ctx)
	})
}

func (s *Server) unit(c *fiber.Ctx) error {
	u, err := s.view(c).Unit(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(u)
}

// rankings answers ?period=P&unit=U (U's peer group) or &group=G; without
// either, the group the user's overview opens on.
func (s *Server) rankings(c *fiber.Ctx) error {
	period, err := s.periodParam(c, "period", true)
	if err != nil {
		return err
	}
	unit, group := c.Query("unit"), c.Query("group")
	if unit != "" && group != "" {
		return fiber.NewError(fiber.StatusBadRequest, "give unit or group, not both")
	}
	// The group first, then the group's encoded ranking, which every unit
	// of the group shares (a matrix group's answer is hundreds of rows).
	ctx, v := c.UserContext(), s.view(c)
	switch {
	case unit != "":
		group, err = v.GroupOf(ctx, unit)
	case group == "":
		group, err = v.OverviewGroup(ctx, userOf(c).UnitCode)
	}
	if err != nil {
		return err
	}
	return s.cachedJSON(c, "ranking", []string{period, group}, func(ctx context.Context, v *reads.View) (any, error) {
		return v.Ranking(ctx, period, group)
	})
}

func (s *Server) trend(c *fiber.Ctx) error {
	from, err := optionalPeriod(c, "from")
	if err != nil {
		return err
	}
	to, err := optionalPeriod(c, "to")
	if err != nil {
		return err
	}
	code := c.Params("code")
	return s.cachedJSON(c, "trend", []string{code, from, to}, func(ctx context.Context, v *reads.View) (any, error) {
		return v.Trend(ctx, code, from, to)
	})
}

func (s *Server) breakdown(c *fiber.Ctx) error {
	code := c.Params("code")
	// An invisible unit is 404 before anything about periods is said.
	if _, err := s.view(c).Unit(c.UserContext(), code); err != nil {
		return err
	}
	period, err := s.periodParam(c, "period", false)
	if err != nil {
		return err
	}
	return s.cachedJSON(c, "breakdown", []string{code, period}, func(ctx context.Context, v *reads.View) (any, error) {
		return v.Breakdown(ctx, code, period)
	})
}

// Overview is what the overview page shows for a unit and period: the
// ranking of the group it opens on, the unit's trend and largest losses.
type Overview struct {
	Period            string                 `json:"period"`
	Unit              *queries.Unit          `json:"unit"`
	Group             string                 `json:"group"`
	Ranking           *queries.Ranking       `json:"ranking"`
	Trend             []queries.TrendPoint   `json:"trend"`
	LossesByIndicator []queries.Loss         `json:"losses_by_indicator"`
	LossesByDept      []queries.Loss         `json:"losses_by_dept"`
	Periods           []queries.PeriodStatus `json:"periods"`
}

// overview reads an Overview through the cache; the warmer calls it for
// every user's scope after each data change.
func (s *Server) overview(ctx context.Context, r *reads.View, unit, period string) (*Overview, error) {
	u, err := r.Unit(ctx, unit)
	if err != nil {
		return nil, err
	}
	o := &Overview{Unit: u, Period: period}
	if o.Periods, err = r.Periods(ctx); err != nil {
		return nil, err
	}
	if o.Period == "" {
		if o.Period, err = r.LatestPeriod(ctx); err != nil {
			return nil, err
		}
	} else if !visiblePeriod(o.Periods, o.Period) {
		return nil, queries.ErrNotFound // a period the user may not see is missing, as on every route
	}
	if o.Group, err = r.OverviewGroup(ctx, unit); err != nil && !errors.Is(err, queries.ErrNotFound) {
		return nil, err
	}
	if o.Group != "" {
		if o.Ranking, err = r.Ranking(ctx, o.Period, o.Group); err != nil && !errors.Is(err, queries.ErrNotFound) {
			return nil, err
		}
	}
	if o.Trend, err = r.Trend(ctx, unit, "", ""); err != nil {
		return nil, err
	}
	if !data.IsQuarter(o.Period) {
		return o, nil
	}
	if o.LossesByIndicator, err = r.LossesByIndicator(ctx, o.Period, unit, 10); err != nil && !errors.Is(err, queries.ErrNotFound) {
		return nil, err
	}
	if o.LossesByDept, err = r.LossesByDept(ctx, o.Period, unit, 10); err != nil && !errors.Is(err, queries.ErrNotFound) {
		return nil, err
	}
	return o, nil
}

func (s *Server) overviewAPI(c *fiber.Ctx) error {
	unit := c.Query("unit", userOf(c).UnitCode)
	period := ""
	if c.Query("period") != "" {
		var err error
		if period, err = s.periodParam(c, "period", true); err != nil {
			return err
		}
	}
	b, err := s.overviewJSON(c.UserContext(), s.view(c), unit, period)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(b)
}

// overviewJSON is the encoded overview, cached; the warmer fills it.
func (s *Server) overviewJSON(ctx context.Context, v *reads.View, unit, period string) ([]byte, error) {
	return v.JSON(ctx, "overview", []string{unit, period}, func(ctx context.Context, v *reads.View) (any, error) {
		return s.overview(ctx, v, unit, period)
	})
}

func (s *Server) indicators(c *fiber.Ctx) error {
	is, err := s.view(c).Indicators(c.UserContext(), "")
	if err != nil {
		return err
	}
	return c.JSON(is)
}

func (s *Server) indicator(c *fiber.Ctx) error {
	is, err := s.view(c).Indicators(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	if len(is) == 0 {
		return queries.ErrNotFound
	}
	return c.JSON(is)
}

func (s *Server) indicatorValues(c *fiber.Ctx) error {
	period, err := s.periodParam(c, "period", false)
	if err != nil {
		return err
	}
	vs, err := s.view(c).IndicatorValues(c.UserContext(), c.Params("code"), period)
	if err != nil {
		return err
	}
	return c.JSON(vs)
}

func (s *Server) indicatorCompletion(c *fiber.Ctx) error {
	cs, err := s.view(c).IndicatorCompletion(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

// visiblePeriod: the quarter is among the visible ones, or the year has one.
func visiblePeriod(ps []queries.PeriodStatus, period string) bool {
	for _, p := range ps {
		if p.Period == period || (!data.IsQuarter(period) && strings.HasPrefix(p.Period, period+"Q")) {
			return true
		}
	}
	return false
}
