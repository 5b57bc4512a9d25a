package server

import (
	"github.com/gofiber/fiber/v2"

	"jixiao/queries/accounts"
)

// registerUserRoutes: SPEC §14's accounts, by API and on /admin/users.
// The policy opens them to the admin and the offices; who may change
// which account is decided with the data (accounts.Manager).
func registerUserRoutes(app *fiber.App, api fiber.Router, s *Server) {
	api.Get("/users", s.listUsers)
	api.Post("/users", s.createUser)
	api.Put("/users/:username", s.updateUser)
	api.Post("/users/:username/password", s.resetPassword)
	h := &accountPages{pageHandlers: &pageHandlers{s: s, pages: sitePages()}}
	app.Get("/admin/users", h.users)
	app.Post("/admin/users", h.createUserForm)
	app.Post("/admin/users/:username", h.updateUserForm)
	app.Post("/admin/users/:username/password", h.resetPasswordForm)
	app.Get("/admin/settings", h.settings)
	app.Post("/admin/settings/:key", h.putSettingForm)
	api.Get("/settings", s.listSettings)
	api.Put("/settings/:key", s.putSetting)
}

func (s *Server) listUsers(c *fiber.Ctx) error {
	us, err := s.Accounts.Users(c.UserContext(), s.managerOf(c))
	if err != nil {
		return err
	}
	return c.JSON(us)
}

func (s *Server) createUser(c *fiber.Ctx) error {
	var in accounts.UserInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := s.Accounts.CreateUser(c.UserContext(), s.managerOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(u)
}

func (s *Server) updateUser(c *fiber.Ctx) error {
	var p accounts.UserPatch
	if err := bindJSON(c, &p); err != nil {
		return err
	}
	u, err := s.Accounts.UpdateUser(c.UserContext(), s.managerOf(c), c.Params("username"), p)
	if err != nil {
		return err
	}
	return c.JSON(u)
}

type resetRequest struct {
	Password string `json:"password"`
}

func (s *Server) resetPassword(c *fiber.Ctx) error {
	var req resetRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.Accounts.ResetPassword(c.UserContext(), s.managerOf(c), c.Params("username"), req.Password); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
