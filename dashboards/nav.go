package dashboards

import "strings"

// NavPage is one page of the top navigation: the menu it sits in, its
// path, the i18n key of its label, and who sees it. Who is "" when the
// policy's route row for Path decides alone, or "OBJECT:ACTION", a named
// permission the page asks beyond its route (its path is matched by a
// wider route row too). The server shows a page only to users the policy
// lets open it, and only when its route is registered (a page still being
// built elsewhere stays hidden until it lands).
type NavPage struct {
	Group, Path, Key, Who string
}

// NavGroups are the menus, in order, with the i18n keys of their labels.
var NavGroups = []struct{ ID, Key string }{
	{"overview", "nav_g_overview"},
	{"analysis", "nav_g_analysis"},
	{"workflow", "nav_g_workflow"},
	{"reports", "nav_g_reports"},
	{"admin", "nav_g_admin"},
}

// NavPages is the navigation: one line per page. A feature with a page
// adds its line here.
var NavPages = []NavPage{
	{"overview", "/", "overview", ""},
	{"overview", "/meeting", "meeting", ""},
	{"analysis", "/whatif", "an_nav_whatif", "tools:whatif"},
	{"analysis", "/indicators/health", "an_nav_health", "tools:health"},
	{"analysis", "/accountability", "nav_accountability", ""},
	{"workflow", "/submissions", "nav_submissions", ""},
	{"workflow", "/appeals", "wf_nav_appeals", ""},
	{"workflow", "/rectifications", "wf_nav_rectifications", ""},
	{"workflow", "/adjustments", "wf_nav_adjustments", ""},
	{"workflow", "/meetings", "wf_nav_meetings", ""},
	{"workflow", "/publication", "wf_nav_publication", ""},
	{"reports", "/reports", "rc_nav", ""},
	{"reports", "/reports/quarterly", "wf_nav_report", ""},
	{"admin", "/imports", "imp_nav", ""},
	{"admin", "/sources", "nav_sources", ""},
	{"admin", "/admin/users", "nav_users", ""},
	{"admin", "/admin/settings", "nav_settings", ""},
	{"admin", "/admin/webhooks", "wh_nav", ""},
	{"admin", "/logins", "wf_nav_logins", ""},
}

// Menu is one group of the navigation as a user sees it: its pages that
// user may open (a menu with one page shows as that page's link).
type Menu struct {
	ID     string
	Label  string
	Active bool
	Links  []Link
}

// Menus groups the user's links (Link.Group) into the navigation's menus,
// in NavGroups order, marking the page at path and its menu active (the
// longest path that is path or a folder of it).
func Menus(lang string, links []Link, path string) []Menu {
	best := -1
	for i, l := range links {
		if (l.Href == path || (l.Href != "/" && strings.HasPrefix(path, l.Href+"/"))) && (best < 0 || len(l.Href) > len(links[best].Href)) {
			best = i
		}
	}
	var out []Menu
	for _, g := range NavGroups {
		m := Menu{ID: g.ID, Label: T(lang, g.Key)}
		for i, l := range links {
			if l.Group != g.ID {
				continue
			}
			l.Active = i == best
			m.Active = m.Active || l.Active
			m.Links = append(m.Links, l)
		}
		if len(m.Links) > 0 {
			out = append(out, m)
		}
	}
	return out
}
