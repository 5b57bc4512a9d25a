package dashboards

import (
	"html/template"
	"io"
	"net/url"

	"jixiao/queries"
)

// The accountability page (指标定责到岗, SPEC §13): every person named for
// a bureau the viewer sees as its own, with the points of their
// indicators and the bureau's result, and the XLSX for cadre management.

// AccountabilityData is the /accountability page.
type AccountabilityData struct {
	Page
	Flash
	Title string
	Rows  []queries.DutyRow
	Form  *DutyForm // nil unless the viewer may name people
}

// DutyForm is the office's form: a bureau of its reach, that bureau's
// current responsibilities and the fields of one to set.
type DutyForm struct {
	Unit       string
	Units      []Link // bureaus: Href holds the code, Label the name
	Indicators []Link // decision indicators: Href the code, Label "code name"
	Current    []queries.Responsibility
	// The fields as last sent (kept when refused).
	Indicator, Leader, Owner string
}

// XLSXHref is the download of the page's table.
func (d *AccountabilityData) XLSXHref() string {
	return "/api/accountability.xlsx?period=" + url.QueryEscape(d.Period) + "&lang=" + Lang(d.Lang)
}

// AsName is the person's role for a bureau in lang.
func AsName(lang, as string) string {
	if as == "leader" {
		return T(lang, "acc_leader")
	}
	return T(lang, "acc_owner")
}

// AccountabilityPages renders /accountability.
type AccountabilityPages struct{ t map[string]*template.Template }

// NewAccountabilityPages parses the page's templates.
func NewAccountabilityPages() (*AccountabilityPages, error) {
	f := mergeFuncs(template.FuncMap{"asName": AsName, "deref": func(p *int) int { return *p }}, funcs)
	t, err := parsePages(f, map[string]string{"accountability": "templates/accountability.html"})
	if err != nil {
		return nil, err
	}
	return &AccountabilityPages{t: t}, nil
}

// Render writes the page; a failing template sends nothing.
func (p *AccountabilityPages) Render(w io.Writer, d *AccountabilityData) error {
	d.Lang = Lang(d.Lang)
	return renderLayout(p.t, w, "accountability", d)
}
