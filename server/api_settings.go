package server

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

func (s *Server) listSettings(c *fiber.Ctx) error {
	vs, err := s.Store.Settings(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(vs)
}

type settingRequest struct {
	Value json.RawMessage `json:"value"`
}

// putSetting stores one setting: 404 for an unknown key, 403 when the
// policy does not open its area to the user (rows "p, ROLE, LEVEL,
// settings, AREA|AREA…"), 422 for a value of the wrong type or out of
// range, with nothing changed.
func (s *Server) putSetting(c *fiber.Ctx) error {
	var req settingRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if len(req.Value) == 0 {
		return &queries.ParamError{Problems: []queries.ParamProblem{{Key: "value", Message: "缺少 value / value is missing"}}}
	}
	v, err := queries.SettingText(req.Value)
	if err != nil {
		return err
	}
	key := c.Params("key")
	if err := s.setSetting(c, key, v); err != nil {
		return err
	}
	vs, err := s.Store.Settings(c.UserContext())
	if err != nil {
		return err
	}
	for _, x := range vs {
		if x.Key == key {
			return c.JSON(x)
		}
	}
	return queries.ErrNotFound
}

// setSetting is the API's and the page's one way to change a setting.
func (s *Server) setSetting(c *fiber.Ctx, key, value string) error {
	d, ok := queries.LookupSetting(key)
	if !ok {
		return queries.ErrNotFound
	}
	if !s.Enforce(c, "settings", d.Area) {
		return fiber.NewError(fiber.StatusForbidden, "only the administrator changes this setting / 只有管理员可以更改此设置")
	}
	return s.Store.PutSetting(c.UserContext(), auditUser(c), s.clientIP(c), key, value)
}
