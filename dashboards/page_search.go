package dashboards

import (
	"io"

	"jixiao/queries"
)

func init() {
	pageFiles["search"] = []string{"templates/layout.html", "templates/parts.html", "templates/search.html"}
}

// SearchData is the global unit search (/search?q=): the units of the
// viewer's scope that the query names, found by the server.
type SearchData struct {
	Page
	Query string
	Units []queries.Unit
	Names map[string]string // unit code → name, for the parent column
}

type searchView struct {
	*SearchData
	Title string
	Table *Table
}

// Search renders the results of a unit search as a table (with the table
// tools of every page).
func (p *Pages) Search(w io.Writer, d *SearchData) error {
	d.Lang = Lang(d.Lang)
	lang := d.Lang
	v := &searchView{SearchData: d, Title: T(lang, "search_title")}
	if len(d.Units) > 0 {
		t := &Table{Columns: []string{T(lang, "unit"), T(lang, "unit_code"), T(lang, "unit_kind"), T(lang, "parent_unit")}}
		for _, u := range UnitOptions(d.Units, "") {
			unit := unitByCode(d.Units, u.Code)
			parent := ""
			if unit.ParentCode != nil {
				parent = ShortName(d.Names[*unit.ParentCode])
			}
			t.Rows = append(t.Rows, []Cell{{Text: u.Name, Href: unitLink(u.Code, d.Period)}, {Text: u.Code, Class: "muted"},
				{Text: kindName(lang, unit.Kind), Class: "muted"}, {Text: parent}})
		}
		v.Table = t
	}
	return p.render(w, "search", "layout", v)
}

func unitByCode(us []queries.Unit, code string) queries.Unit {
	for _, u := range us {
		if u.Code == code {
			return u
		}
	}
	return queries.Unit{Code: code}
}
