package dashboards

import (
	"html/template"
	"io"
)

// AnalysisPages renders the analysis tools' pages (SPEC §10: explain a
// score, indicator health, weight what-if) on the shared layout. Templates
// are embedded and parsed once, by NewAnalysisPages.
type AnalysisPages struct {
	t map[string]*template.Template
}

var analysisFiles = map[string]string{
	"explain": "templates/analysis_explain.html",
	"health":  "templates/analysis_health.html",
	"whatif":  "templates/analysis_whatif.html",
}

// NewAnalysisPages parses every analysis template with the layout.
func NewAnalysisPages() (*AnalysisPages, error) {
	t, err := parsePages(funcs, analysisFiles)
	if err != nil {
		return nil, err
	}
	return &AnalysisPages{t: t}, nil
}

// render executes into a buffer first: a failing template sends nothing.
func (p *AnalysisPages) render(w io.Writer, name string, data any) error {
	return renderLayout(p.t, w, name, data)
}
