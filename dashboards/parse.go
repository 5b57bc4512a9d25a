package dashboards

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
)

// parsePages parses each page of files (its name → its template file) on
// the layout and the shared parts, then shared, with the functions of fm.
func parsePages(fm template.FuncMap, files map[string]string, shared ...string) (map[string]*template.Template, error) {
	out := make(map[string]*template.Template, len(files))
	for name, file := range files {
		all := append(append([]string{"templates/layout.html", "templates/parts.html"}, shared...), file)
		t, err := template.New(name).Funcs(fm).ParseFS(templateFS, all...)
		if err != nil {
			return nil, fmt.Errorf("dashboards: template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// workflowFuncMap is funcs with the workflow pages' own functions.
func workflowFuncMap() template.FuncMap {
	return mergeFuncs(funcs, workflowFuncs)
}

// mergeFuncs is one function map of all of ms, a later one's function
// winning over an earlier one's of the same name.
func mergeFuncs(ms ...template.FuncMap) template.FuncMap {
	fm := template.FuncMap{}
	for _, m := range ms {
		for k, v := range m {
			fm[k] = v
		}
	}
	return fm
}

// renderLayout executes page name of ts into a buffer first (a failing
// template sends nothing), then writes it to w.
func renderLayout(ts map[string]*template.Template, w io.Writer, name string, data any) error {
	var buf bytes.Buffer
	if err := ts[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("dashboards: render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}
