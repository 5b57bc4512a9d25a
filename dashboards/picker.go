package dashboards

import (
	"sort"
	"strings"

	"jixiao/data"
	"jixiao/queries"
)

func init() {
	funcs["unitOptions"] = UnitOptions
	funcs["quarters"] = quarters
	funcs["picker"] = func(name string, units []queries.Unit, selected string, required bool) Picker {
		return Picker{Name: name, Options: UnitOptions(units, selected), Required: required}
	}
}

// Picker is a form's unit field: the template "unitpicker" draws it.
type Picker struct {
	Name     string
	Options  []UnitOption
	Required bool
}

// UnitOption is one unit of a unit picker: in tree order, indented by its
// depth, with its pinyin initials for the picker's search.
type UnitOption struct {
	Code     string
	Name     string
	Label    string // the name indented by depth, for the list without script
	Depth    int
	Initials string
	Selected bool
}

// UnitOptions orders units as their tree (each unit followed by the units
// below it, by code) for the unit pickers of the forms (tables.js turns
// the list into a searchable picker).
func UnitOptions(units []queries.Unit, selected string) []UnitOption {
	in := make(map[string]bool, len(units))
	for _, u := range units {
		in[u.Code] = true
	}
	below := map[string][]queries.Unit{}
	var roots []queries.Unit
	for _, u := range units {
		if u.ParentCode != nil && in[*u.ParentCode] && *u.ParentCode != u.Code {
			below[*u.ParentCode] = append(below[*u.ParentCode], u)
		} else {
			roots = append(roots, u)
		}
	}
	byCode := func(us []queries.Unit) {
		sort.SliceStable(us, func(i, j int) bool { return us[i].Code < us[j].Code })
	}
	out := make([]UnitOption, 0, len(units))
	seen := make(map[string]bool, len(units))
	var walk func(u queries.Unit, depth int)
	walk = func(u queries.Unit, depth int) {
		if seen[u.Code] {
			return
		}
		seen[u.Code] = true
		out = append(out, UnitOption{Code: u.Code, Name: u.Name, Label: strings.Repeat("\u3000", min(depth, 6)) + u.Name,
			Depth: depth, Initials: data.Initials(u.Name), Selected: u.Code == selected})
		kids := below[u.Code]
		byCode(kids)
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	byCode(roots)
	for _, r := range roots {
		walk(r, 0)
	}
	return out
}

// quarters are the quarters among the periods, for a period chooser.
func quarters(ps []queries.PeriodStatus) []queries.PeriodStatus {
	return data.OnlyQuarters(ps, func(p queries.PeriodStatus) string { return p.Period })
}
