package dashboards

import (
	"html/template"
	"io"

	"jixiao/data"
	"jixiao/queries/imports"
)

// ImportPages renders /imports (数据导入) on the shared layout: an upload
// form per import table, the outcome of the last upload and the batch
// history. Its template is embedded and parsed once, by NewImportPages.
type ImportPages struct {
	t map[string]*template.Template
}

// NewImportPages parses the imports page with the layout and the workflow
// parts (flash messages).
func NewImportPages() (*ImportPages, error) {
	fm := mergeFuncs(funcs, workflowFuncs, template.FuncMap{
		"importKind": ImportKindName,
		"shortSHA": func(s string) string {
			if len(s) > 12 {
				return s[:12]
			}
			return s
		},
	})
	t, err := parsePages(fm, map[string]string{"imports": "templates/imports.html"}, "templates/workflow_parts.html")
	if err != nil {
		return nil, err
	}
	return &ImportPages{t: t}, nil
}

// Render writes the imports page; a failing template sends nothing.
func (p *ImportPages) Render(w io.Writer, d *ImportsData) error {
	d.Lang = Lang(d.Lang)
	return renderLayout(p.t, w, "imports", d)
}

// ImportsData is /imports.
type ImportsData struct {
	Page
	Flash
	Title   string
	Kinds   []ImportKind
	Kind    string          // the table of the upload shown in Result or Errors
	File    string          // its file name
	Result  *imports.Batch  // the batch just imported (after the redirect)
	Errors  []data.RowError // every error of a rejected upload
	Batches []imports.Batch // the history, newest first
	Extra   []Section       // the ledger's completeness (analysis tools)
	// Preview is a dry run's account of what the upload would change.
	Preview *imports.Preview
}

// ImportKind is one import table's card: its columns and where its
// templates are.
type ImportKind struct {
	Kind    string
	Columns []ImportColumn
}

// ImportColumn is one column of an import table as the page lists it.
type ImportColumn struct {
	Header   string // the Chinese header the templates use
	Name     string // the English header, also accepted
	Required bool
	Enum     []string
}

// ImportKinds lists the import tables in load order with their columns.
func ImportKinds() []ImportKind {
	out := make([]ImportKind, 0, len(data.Kinds))
	for _, k := range data.Kinds {
		ik := ImportKind{Kind: string(k)}
		for _, f := range data.Tables[k] {
			ik.Columns = append(ik.Columns, ImportColumn{Header: f.ChineseHeader(), Name: f.Name, Required: f.Required, Enum: f.Enum})
		}
		out = append(out, ik)
	}
	return out
}

// ImportKindName is the display name of an import table (单位, 指标台账 …).
func ImportKindName(lang, kind string) string {
	if _, ok := messages["imp_kind_"+kind]; !ok {
		return kind
	}
	return T(lang, "imp_kind_"+kind)
}

// Rollbackable says whether the history offers to roll b back: values and
// adjustments batches not rolled back yet.
func Rollbackable(b imports.Batch) bool {
	return b.RolledBackAt == nil && (b.Kind == string(data.KindValues) || b.Kind == string(data.KindAdjustments))
}

// CanRollback is Rollbackable for the template.
func (d *ImportsData) CanRollback(b imports.Batch) bool { return Rollbackable(b) }
