package dashboards

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"strings"

	"jixiao/queries"
)

//go:embed templates
var templateFS embed.FS

// Pages renders jixiao's HTML pages. Its templates are embedded and parsed
// once, by NewPages; rendering is safe for concurrent use.
type Pages struct {
	t map[string]*template.Template
}

// pageFiles are the page templates; all but meeting and login share the layout.
var pageFiles = map[string][]string{
	"overview":  {"templates/layout.html", "templates/parts.html", "templates/report_card.html", "templates/overview.html"},
	"unit":      {"templates/layout.html", "templates/parts.html", "templates/unit.html"},
	"indicator": {"templates/layout.html", "templates/parts.html", "templates/indicator.html"},
	"error":     {"templates/layout.html", "templates/parts.html", "templates/error.html"},
	"login":     {"templates/login.html"},
	"meeting":   {"templates/parts.html", "templates/meeting.html"},
}

// NewPages parses every template.
func NewPages() (*Pages, error) {
	p := &Pages{t: map[string]*template.Template{}}
	for name, files := range pageFiles {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("dashboards: template %s: %w", name, err)
		}
		p.t[name] = t
	}
	return p, nil
}

// render executes a page into a buffer first, so that a failing template
// never sends half a page.
func (p *Pages) render(w io.Writer, name, entry string, data any) error {
	var buf bytes.Buffer
	if err := p.t[name].ExecuteTemplate(&buf, entry, data); err != nil {
		return fmt.Errorf("dashboards: render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// Viewer is the signed-in user as the page header shows it.
type Viewer struct {
	Username string
	Name     string
	Role     string
	UnitCode string
	UnitName string
}

// Link is a labelled URL: navigation, breadcrumbs.
type Link struct {
	Label  string
	Href   string
	Active bool
	Group  string // the navigation's menu (NavGroups), for Nav links
}

// Page is what every page shares: who looks, in which language, at which
// period, and where they can go from here.
type Page struct {
	Lang    string
	User    Viewer
	Period  string
	Periods []queries.PeriodStatus
	Nav     []Link // top navigation, as the policy allows the user
	Unread  int    // the user's unread notifications (the header's bell)
	Crumbs  []Link // breadcrumbs, root first; the last one is the page itself
	URL     *url.URL
	// Keep lists query parameters the period picker carries over (e.g. "unit").
	Keep []string
}

// Status is the status of the page's period, or "".
func (p Page) Status() string {
	for _, ps := range p.Periods {
		if ps.Period == p.Period {
			return ps.Status
		}
	}
	return ""
}

// Path is the page's URL path.
func (p Page) Path() string {
	if p.URL == nil {
		return "/"
	}
	return p.URL.Path
}

// Menus is the navigation grouped into its menus.
func (p Page) Menus() []Menu { return Menus(p.Lang, p.Nav, p.Path()) }

// LangHref is the page's URL in the other language.
func (p Page) LangHref() string {
	other := "en"
	if p.Lang == "en" {
		other = "zh"
	}
	return p.withQuery("lang", other)
}

// PeriodHref is the page's URL at another period.
func (p Page) PeriodHref(period string) string {
	return p.withQuery("period", period)
}

func (p Page) withQuery(key, value string) string {
	u := url.URL{Path: p.Path()}
	q := url.Values{}
	if p.URL != nil {
		q = p.URL.Query()
	}
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// Kept are the query parameters the period picker resubmits.
func (p Page) Kept() []Link {
	var out []Link
	if p.URL == nil {
		return nil
	}
	q := p.URL.Query()
	for _, k := range p.Keep {
		if v := q.Get(k); v != "" {
			out = append(out, Link{Label: k, Href: v})
		}
	}
	return out
}

// Stat is one key figure of a page or slide: "得分 92.35".
type Stat struct {
	Label string
	Value string
	Note  string // small text under the value: "▲2", "优秀"
	Tone  string // "", "up", "down", "good", "bad": colours the value
}

// Cell is one table cell; Href makes it a link.
type Cell struct {
	Text  string
	Href  string
	Class string // "num" (right-aligned figures), "bad", "good", "muted"
}

// Table is a simple table of text.
type Table struct {
	Columns []string
	Rows    [][]Cell
}

// HeadClass aligns a column's header with its cells: "num" when the
// column holds figures.
func (t *Table) HeadClass(i int) string {
	if len(t.Rows) > 0 && i < len(t.Rows[0]) && strings.HasPrefix(t.Rows[0][i].Class, "num") {
		return "num"
	}
	return ""
}

// Section is an extra block of a page, for features built later (for
// example overdue rectifications on the overview): a titled card with
// talking points, a table and an optional chart.
type Section struct {
	ID     string
	Title  string
	Points []string
	Table  *Table
	Chart  *Chart
	Wide   bool // span the whole row
}

// Slide is one slide of meeting mode. Extra slides (overdue
// rectifications …) use the same type.
type Slide struct {
	ID     string
	Title  string
	Points []string // talking points, generated from the data
	Stats  []Stat
	Charts []Chart
	Table  *Table
	Empty  string // shown instead of charts when there is nothing to show
	Scope  string // which units the slide's figures count ("统计范围：…")
}

// LoginData is the sign-in page.
type LoginData struct {
	Page
	Next  string // where to go after signing in (a local path)
	Error string // why the last attempt failed, in the page's language
}

// Login renders the sign-in page.
func (p *Pages) Login(w io.Writer, d *LoginData) error {
	d.Lang = Lang(d.Lang)
	if !localPath(d.Next) {
		d.Next = "/"
	}
	return p.render(w, "login", "login", d)
}

// localPath accepts only same-site paths as redirect targets ("/x", never
// "//host" or "http://…").
func localPath(s string) bool {
	return len(s) > 0 && s[0] == '/' && (len(s) == 1 || (s[1] != '/' && s[1] != '\\'))
}

// ErrorData is a 404 or other error page.
type ErrorData struct {
	Page
	Status int
	Back   string // a same-site page to go back to (the referring page), or ""
}

// Error renders an error page (404 for anything invisible).
func (p *Pages) Error(w io.Writer, d *ErrorData) error {
	d.Lang = Lang(d.Lang)
	return p.render(w, "error", "layout", d)
}
