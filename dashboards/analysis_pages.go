package dashboards

import (
	"bytes"
	"fmt"
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
	p := &AnalysisPages{t: map[string]*template.Template{}}
	for name, file := range analysisFiles {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html", file)
		if err != nil {
			return nil, fmt.Errorf("dashboards: template %s: %w", name, err)
		}
		p.t[name] = t
	}
	return p, nil
}

// render executes into a buffer first: a failing template sends nothing.
func (p *AnalysisPages) render(w io.Writer, name string, data any) error {
	var buf bytes.Buffer
	if err := p.t[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("dashboards: render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}
