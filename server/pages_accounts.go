package server

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries"
	"jixiao/queries/accounts"
)

// accountPages serve /admin/users and /admin/settings: forms post to page
// routes (no script needed), call the same store methods as the API, and
// show a refusal on the page with its status.
type accountPages struct {
	*pageHandlers
}

func (h *accountPages) render(c *fiber.Ctx, status int, name string, d any) error {
	return h.html(c, status, func(w *strings.Builder) error { return dashboards.RenderAccounts(w, name, d) })
}

// refusal is the status and message of a refused form post, ok false
// for an error that goes to the error page.
func refusal(err error) (int, string, bool) {
	var pe *queries.ParamError
	if ok := asParam(err, &pe); ok {
		msgs := make([]string, len(pe.Problems))
		for i, p := range pe.Problems {
			msgs[i] = p.Key + ": " + p.Message
		}
		return fiber.StatusUnprocessableEntity, strings.Join(msgs, "; "), true
	}
	return refused(err)
}

func (h *accountPages) users(c *fiber.Ctx) error {
	return h.showUsers(c, fiber.StatusOK, flash(c, langOf(c)), accounts.UserInput{Profile: accounts.Profile{Auth: "local"}})
}

func (h *accountPages) showUsers(c *fiber.Ctx, status int, f dashboards.Flash, form accounts.UserInput) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	ctx := c.UserContext()
	m := h.s.managerOf(c)
	us, err := h.s.Accounts.Users(ctx, m)
	if err != nil {
		return h.fail(c, p, err)
	}
	if form.Role == "" && len(m.Grants) > 0 {
		form.Role = m.Grants[len(m.Grants)-1] // the least: the policy lists roles from the highest
	}
	d := &dashboards.UsersData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "acc_users_title"), Users: us, Form: form, Roles: m.Grants}
	d.CanManage = len(m.Rights[queries.ActUsers]) > 0 && len(m.Grants) > 0
	if d.CanManage {
		wp := &workflowPages{pageHandlers: h.pageHandlers}
		if d.Units, err = wp.officeUnits(ctx, c, queries.ActUsers); err != nil {
			return h.fail(c, p, err)
		}
		if e := c.Query("edit"); e != "" {
			if d.Edit, err = h.s.Accounts.User(ctx, m, e); err != nil {
				return h.fail(c, p, err)
			}
		}
	}
	return h.render(c, status, "users", d)
}

func (h *accountPages) createUserForm(c *fiber.Ctx) error {
	in := accounts.UserInput{Profile: accounts.Profile{Username: c.FormValue("username"), Name: c.FormValue("name"), UnitCode: c.FormValue("unit_code"),
		Role: c.FormValue("role"), Auth: c.FormValue("auth"), Email: c.FormValue("email")}, Password: c.FormValue("password")}
	_, err := h.s.Accounts.CreateUser(c.UserContext(), h.s.managerOf(c), in)
	in.Password = ""
	return h.afterUsers(c, err, "/admin/users", in)
}

func (h *accountPages) updateUserForm(c *fiber.Ctx) error {
	str := func(k string) *string { v := c.FormValue(k); return &v }
	disabled := c.FormValue("disabled") == "1"
	p := accounts.UserPatch{Name: str("name"), UnitCode: str("unit_code"), Role: str("role"), Auth: str("auth"), Email: str("email"), Disabled: &disabled}
	name := c.Params("username")
	_, err := h.s.Accounts.UpdateUser(c.UserContext(), h.s.managerOf(c), name, p)
	return h.afterUsers(c, err, "/admin/users?edit="+url.QueryEscape(name), accounts.UserInput{Profile: accounts.Profile{Auth: "local"}})
}

func (h *accountPages) resetPasswordForm(c *fiber.Ctx) error {
	name := c.Params("username")
	err := h.s.Accounts.ResetPassword(c.UserContext(), h.s.managerOf(c), name, c.FormValue("password"))
	return h.afterUsers(c, err, "/admin/users?edit="+url.QueryEscape(name), accounts.UserInput{Profile: accounts.Profile{Auth: "local"}})
}

func (h *accountPages) afterUsers(c *fiber.Ctx, err error, target string, form accounts.UserInput) error {
	if err == nil {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		return c.Redirect(target+sep+"done=1&lang="+url.QueryEscape(langOf(c)), fiber.StatusSeeOther)
	}
	if status, msg, ok := refusal(err); ok {
		return h.showUsers(c, status, dashboards.Flash{Error: msg}, form)
	}
	p, _ := h.page(c)
	return h.fail(c, p, err)
}

func (h *accountPages) settings(c *fiber.Ctx) error {
	return h.showSettings(c, fiber.StatusOK, flash(c, langOf(c)))
}

func (h *accountPages) showSettings(c *fiber.Ctx, status int, f dashboards.Flash) error {
	p, err := h.page(c)
	if err != nil {
		return h.fail(c, p, err)
	}
	vs, err := h.s.Store.Settings(c.UserContext())
	if err != nil {
		return h.fail(c, p, err)
	}
	d := &dashboards.SettingsData{Page: p, Flash: f, Title: dashboards.T(p.Lang, "acc_settings_title")}
	idx := map[string]int{}
	for _, v := range vs {
		i, ok := idx[v.Area]
		if !ok {
			i = len(d.Groups)
			idx[v.Area] = i
			d.Groups = append(d.Groups, dashboards.SettingsGroup{Area: v.Area})
		}
		row := dashboards.SettingRow{SettingValue: v, Text: valueText(v.Value), DefaultText: valueText(v.Default),
			Editable: h.s.Enforce(c, "settings", v.Area) && h.s.Enforce(c, "/admin/settings/"+v.Key, fiber.MethodPost)}
		d.Groups[i].Settings = append(d.Groups[i].Settings, row)
	}
	return h.render(c, status, "settings", d)
}

func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return fmt.Sprint(x)
	}
	return fmt.Sprint(v)
}

func (h *accountPages) putSettingForm(c *fiber.Ctx) error {
	key := c.Params("key")
	err := h.s.setSetting(c, key, c.FormValue("value"))
	if err == nil {
		return c.Redirect("/admin/settings?done=1&lang="+url.QueryEscape(langOf(c))+"#s-"+url.PathEscape(key), fiber.StatusSeeOther)
	}
	if status, msg, ok := refusal(err); ok {
		return h.showSettings(c, status, dashboards.Flash{Error: key + " — " + msg})
	}
	p, _ := h.page(c)
	return h.fail(c, p, err)
}

func asParam(err error, pe **queries.ParamError) bool { return errors.As(err, pe) }
