package server

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/data"
	"jixiao/queries/accounts"
)

// grantsOf are the roles a role may give to an account, from the policy
// rows "p, ROLE, LEVEL, grant, ROLE|ROLE…" (with those it inherits):
// SPEC §14, only an admin makes or changes an admin.
func (p *Policy) grantsOf(role, level string) ([]string, error) {
	perms, err := p.e.GetImplicitPermissionsForUser(role)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range perms {
		if len(r) < 4 || r[2] != "grant" || (r[1] != "*" && r[1] != level) {
			continue
		}
		for _, g := range strings.Split(r[3], "|") {
			g = strings.TrimSpace(g)
			if !contains(data.Roles, g) {
				return nil, fmt.Errorf("role %s: grant of unknown role %q (%s)", role, g, strings.Join(data.Roles, ", "))
			}
			if !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	return out, nil
}

// checkGrants refuses a policy whose grant rows name an unknown role.
func (p *Policy) checkGrants() error {
	for _, role := range data.Roles {
		for _, level := range append([]string{""}, data.Levels...) {
			if _, err := p.grantsOf(role, level); err != nil {
				return err
			}
		}
	}
	return nil
}

// managerOf is the request's user as the account rules see it (SPEC §14).
func (s *Server) managerOf(c *fiber.Ctx) accounts.Manager {
	m := accounts.Manager{Actor: s.actorOf(c)}
	if a := accountOf(c); a != nil {
		m.Grants, _ = s.policy.get().grantsOf(a.Role, a.UnitLevel)
	}
	return m
}
