package dashboards

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"time"

	"jixiao/queries"
)

// WorkflowPages renders the workflow pages (appeals, rectification,
// meetings, adjustments, publication, reports) on the shared layout. Its
// templates are embedded and parsed once, by NewWorkflowPages.
type WorkflowPages struct {
	t map[string]*template.Template
}

var workflowFiles = map[string]string{
	"appeals":        "templates/workflow_appeals.html",
	"appeal":         "templates/workflow_appeal.html",
	"rectifications": "templates/workflow_rects.html",
	"rectification":  "templates/workflow_rect.html",
	"meetings":       "templates/workflow_meetings.html",
	"minutes":        "templates/workflow_minutes.html",
	"adjustments":    "templates/workflow_adjustments.html",
	"publication":    "templates/workflow_publication.html",
	"report":         "templates/workflow_report.html",
	"logins":         "templates/workflow_logins.html",
}

// workflowFuncs add the workflows' names to the pages' template functions.
var workflowFuncs = template.FuncMap{
	"adjKind": func(lang, s string) string { return T(lang, "wf_adj_"+s) },
	"step":    func(lang, s string) string { return T(lang, "wf_step_"+s) },
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02 15:04")
	},
	"optWhen": func(t *time.Time) string {
		if t == nil {
			return "—"
		}
		return t.Format("2006-01-02 15:04")
	},
	"f": func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) },
	"optF": func(v *float64) string {
		if v == nil {
			return "—"
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	},
	"optS": func(v *string) string {
		if v == nil {
			return ""
		}
		return *v
	},
	"list": func(xs ...string) []string { return xs },
	"isID": func(p *int64, id int64) bool { return p != nil && *p == id },
	"rectTable": func(lang string, items []queries.Rectification) RectificationsData {
		return RectificationsData{Page: Page{Lang: lang}, Items: items}
	},
	"kb": func(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1024+0.5) },
}

// NewWorkflowPages parses every workflow template with the layout.
func NewWorkflowPages() (*WorkflowPages, error) {
	t, err := parsePages(workflowFuncMap(), workflowFiles, "templates/workflow_parts.html")
	if err != nil {
		return nil, err
	}
	return &WorkflowPages{t: t}, nil
}

// Render writes the named workflow page ("appeals", "appeal", …) with its data.
func (p *WorkflowPages) Render(w io.Writer, name string, data any) error {
	t, ok := p.t[name]
	if !ok {
		return fmt.Errorf("dashboards: no workflow page %q", name)
	}
	return t.ExecuteTemplate(w, "layout", data)
}

// Flash is the outcome of the last form post, shown above a page.
type Flash struct {
	OK    string
	Error string
}

// AppealsData is /appeals: the visible appeals and, for those who may
// file, the filing form.
type AppealsData struct {
	Page
	Flash
	Title        string
	Appeals      []queries.Appeal
	StatusFilter string
	CanFile      bool
	Units        []queries.Unit // the units the user may file for
	Indicators   []queries.Indicator
	Info         *queries.PeriodInfo // the page period's publication and appeal window
}

// AppealData is /appeals/{id}: one appeal, its history and the steps the user may take.
// Person is the name of who took a step: the person's name, with the
// login name when it is not known.
func (d *AppealData) Person(username string) string {
	if n := d.People[username]; n != "" {
		return n
	}
	return username
}

type AppealData struct {
	Page
	Flash
	Title     string
	Appeal    *queries.Appeal
	People    map[string]string // username → the person's name, for the history
	CanReview bool
	CanDecide bool
	CanAttach bool
}

// RectificationsData is /rectifications: the visible items, overdue first.
type RectificationsData struct {
	Page
	Flash
	Title    string
	Items    []queries.Rectification
	Overdue  bool // only overdue items
	Query    string
	CanAdd   bool
	Units    []queries.Unit
	Meetings []queries.Meeting
	Today    string
}

// RectificationData is /rectifications/{id}.
type RectificationData struct {
	Page
	Flash
	Title       string
	Item        *queries.Rectification
	CanEdit     bool // the office: every field
	CanProgress bool // the owner: measures, status and evidence
	CanDelete   bool
	Units       []queries.Unit
	Meetings    []queries.Meeting
}

// MeetingsData is /meetings: the archive, searchable.
type MeetingsData struct {
	Page
	Flash
	Title    string
	Meetings []queries.Meeting
	Query    string
	CanAdd   bool
	Units    []queries.Unit
	Today    string
}

// MinutesData is /meetings/{id}: one meeting's minutes, decisions and items.
type MinutesData struct {
	Page
	Flash
	Title     string
	Meeting   *queries.Meeting
	CanEdit   bool
	CanAddRec bool
	Units     []queries.Unit
	Today     string
}

// AdjustmentsData is /adjustments: bonuses, penalties and vetoes of a period.
type AdjustmentsData struct {
	Page
	Flash
	Title      string
	Rows       []queries.AdjustmentRow
	CanAdd     bool
	Final      bool
	Units      []queries.Unit
	Indicators []queries.Indicator
	MaxPoints  float64        // the setting adjust.max_points
	Deletable  map[int64]bool // adjustments the user may delete (not a higher office's)
}

// PublicationData is /publication: every visible quarter's status, who set
// it and when, and the appeal window.
type PublicationData struct {
	Page
	Flash
	Title      string
	Infos      []queries.PeriodInfo
	CanPublish bool
}

// ReportData is /reports/quarterly: the report's choices and download links.
type ReportData struct {
	Page
	Flash
	Title string
	Units []queries.Unit
	Unit  string
	PDF   bool // Chromium is installed
}

// LoginLocksData is /logins: the accounts and addresses that must wait
// after failed sign-ins, for the administrator to unlock.
type LoginLocksData struct {
	Page
	Flash
	Title string
	Locks []LoginLock
}

// LoginLock is one account at an address (Username empty: the address
// alone) and the minutes it still waits.
type LoginLock struct {
	Username string
	Addr     string
	Minutes  int
}
