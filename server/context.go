package server

import (
	"github.com/gofiber/fiber/v2"

	"jixiao/queries"
)

// User is the signed-in user of a request.
type User struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	UnitCode string `json:"unit_code"`
}

// Locals keys set by the authentication middleware.
const (
	localUser  = "user"
	localScope = "scope"
)

// userOf returns the signed-in user of a request, or nil.
func userOf(c *fiber.Ctx) *User {
	u, _ := c.Locals(localUser).(*User)
	return u
}

// scopeOf returns what the request's user may see; the zero Scope sees nothing.
func scopeOf(c *fiber.Ctx) queries.Scope {
	s, _ := c.Locals(localScope).(queries.Scope)
	return s
}

// langOf is "en" when the user chose English (?lang=en or the lang cookie), else "zh".
func langOf(c *fiber.Ctx) string {
	if l := c.Query("lang"); l == "en" || l == "zh" {
		return l
	}
	if c.Cookies("lang") == "en" {
		return "en"
	}
	return "zh"
}
