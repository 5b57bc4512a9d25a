package dashboards

import (
	"html/template"
	"io"
	"strings"
	"time"

	"jixiao/queries/sources"
)

// SourcesData is the /sources page (SPEC §11): the sources, the pulls
// with their last run and freshness, and the forms; the page's script
// calls the JSON API for tests, previews, runs and history.
type SourcesData struct {
	Page
	Title   string
	Admin   bool // writes and tests sources, sees their connection strings
	Sources []sources.Source
	Pulls   []PullRow
	Texts   map[string]string // the script's words in the page's language
}

// PullRow is one pull as the page lists it.
type PullRow struct {
	sources.Pull
	PeriodsText string
	Choices     []string // the quarters a run may be asked for first
	LastAt      string
	LastStatus  string
	NextAt      string
	NewestAt    string
}

// NewPullRow formats a pull for the page; choices are the quarters it pulls.
func NewPullRow(p sources.Pull, choices []string) PullRow {
	r := PullRow{Pull: p, Choices: choices, PeriodsText: "open"}
	if list, ok := p.Periods.([]string); ok {
		r.PeriodsText = strings.Join(list, ",")
	}
	stamp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Local().Format("2006-01-02 15:04")
	}
	if p.LastRun != nil {
		r.LastAt, r.LastStatus = stamp(&p.LastRun.StartedAt), p.LastRun.Status
	}
	r.NextAt, r.NewestAt = stamp(p.NextRun), stamp(p.NewestValueAt)
	return r
}

// sourcesScriptKeys are the words the page's script needs.
var sourcesScriptKeys = []string{"src_st_ok", "src_st_unchanged", "src_st_failed", "src_trigger_manual", "src_trigger_schedule",
	"src_rows", "src_batch", "src_row", "src_column", "src_message", "src_started", "src_dry", "src_working", "src_confirm_del",
	"src_saved", "src_failed_req", "src_no_runs", "src_sample", "src_added", "src_replaced", "period", "src_history", "src_result"}

// NewSourcesData fills the page's script words.
func NewSourcesData(p Page) *SourcesData {
	d := &SourcesData{Page: p, Title: T(p.Lang, "src_title"), Texts: map[string]string{}}
	for _, k := range sourcesScriptKeys {
		d.Texts[k] = T(p.Lang, k)
	}
	return d
}

// SourcesPages renders /sources on the shared layout.
type SourcesPages struct{ t map[string]*template.Template }

// NewSourcesPages parses the page's template once.
func NewSourcesPages() (*SourcesPages, error) {
	t, err := parsePages(funcs, map[string]string{"sources": "templates/sources.html"})
	if err != nil {
		return nil, err
	}
	return &SourcesPages{t: t}, nil
}

// Render writes the page; a failing template sends nothing.
func (p *SourcesPages) Render(w io.Writer, d *SourcesData) error {
	d.Lang = Lang(d.Lang)
	return renderLayout(p.t, w, "sources", d)
}
