package dashboards

import (
	"fmt"
	"io"
	"strconv"

	"jixiao/queries"
)

// ExplainData is /units/{code}/explain?period=P&indicator=I: why a unit
// earned and lost what it did on one indicator (SPEC §10.3).
type ExplainData struct {
	Page
	E *queries.Explanation
}

type explainView struct {
	*ExplainData
	Title  string
	Back   string
	Stats  []Stat
	Facts  []Stat
	Source string
	Cards  []Card
}

// Explain renders the explanation page.
func (p *AnalysisPages) Explain(w io.Writer, d *ExplainData) error {
	d.Lang = Lang(d.Lang)
	lang, e := d.Lang, d.E
	v := &explainView{ExplainData: d, Title: T(lang, "an_explain") + " · " + e.Name, Back: unitLink(e.UnitCode, e.Period)}
	// the numbers as the formula shows them, unrounded
	full := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	actual := T(lang, "missing")
	if e.Actual != nil {
		actual = full(*e.Actual)
	}
	v.Stats = []Stat{
		{Label: T(lang, "weight"), Value: full(e.Weight)},
		{Label: T(lang, "actual"), Value: actual, Tone: toneIf(e.Missing, "bad")},
		{Label: T(lang, "target"), Value: full(e.Target)},
		{Label: T(lang, "an_ratio"), Value: fmt.Sprintf("%.4f", e.Ratio)},
		{Label: T(lang, "earned"), Value: fmt.Sprintf("%.2f", e.Earned), Tone: "good"},
		{Label: T(lang, "lost"), Value: fmt.Sprintf("%.2f", e.Lost), Tone: toneIf(e.Lost > 0, "bad")},
	}
	floor := "—"
	if e.Floor != nil {
		floor = full(*e.Floor)
	}
	from, to := T(lang, "an_open_end"), T(lang, "an_open_end")
	if e.Version.ValidFrom != nil {
		from = *e.Version.ValidFrom
	}
	if e.Version.ValidTo != nil {
		to = *e.Version.ValidTo
	}
	tf := T(lang, "an_target_ind")
	if e.TargetFrom == "value" {
		tf = T(lang, "an_target_value")
	}
	v.Facts = []Stat{
		{Label: T(lang, "system"), Value: SystemName(lang, e.System)},
		{Label: T(lang, "rule"), Value: T(lang, e.Rule)},
		{Label: T(lang, "direction"), Value: T(lang, e.Direction)},
		{Label: T(lang, "floor"), Value: floor},
		{Label: T(lang, "an_target_from"), Value: tf},
		{Label: T(lang, "an_version"), Value: T(lang, "an_valid", from, to)},
	}
	v.Source = T(lang, "an_no_batch")
	if b := e.Batch; b != nil && b.ImportedBy != "" {
		v.Source = T(lang, "an_batch", b.ID, b.ImportedBy, b.ImportedAt.Format("2006-01-02 15:04"), b.Filename, b.SHA256)
	} else if b != nil {
		v.Source = T(lang, "an_batch_anon", b.ID, b.ImportedAt.Format("2006-01-02 15:04"), b.SHA256)
	}
	ap := &Section{ID: "card-explain-appeals", Title: T(lang, "an_appeals"), Wide: true}
	if len(e.Appeals) == 0 {
		ap.Points = []string{T(lang, "an_no_appeals")}
	} else {
		ap.Table = &Table{Columns: []string{"#", T(lang, "wf_status"), T(lang, "an_claimed"), T(lang, "an_decided_actual"), T(lang, "an_old_actual")}}
		for _, a := range e.Appeals {
			ap.Table.Rows = append(ap.Table.Rows, []Cell{{Text: fmt.Sprint(a.ID), Href: fmt.Sprintf("/appeals/%d", a.ID)},
				{Text: AppealStatusName(lang, a.Status)}, {Text: num(a.ClaimedActual), Class: "num"},
				{Text: optNum(a.DecidedActual), Class: "num"}, {Text: optNum(a.OldActual), Class: "num"}})
		}
	}
	adj := &Section{ID: "card-explain-adjustments", Title: T(lang, "an_adjustments"), Wide: true}
	if len(e.Adjustments) == 0 {
		adj.Points = []string{T(lang, "an_no_adjustments")}
	} else {
		adj.Table = &Table{Columns: []string{T(lang, "kind"), T(lang, "points"), T(lang, "reason"), T(lang, "indicator")}}
		for _, a := range e.Adjustments {
			ind := ""
			if a.IndicatorCode != nil {
				ind = *a.IndicatorCode
			}
			adj.Table.Rows = append(adj.Table.Rows, []Cell{{Text: T(lang, a.Kind+"_kind")}, {Text: num(a.Points), Class: "num"},
				{Text: a.Reason}, {Text: ind, Class: "muted"}})
		}
	}
	v.Cards = pack(sectionCards(append([]Section{*ap, *adj}, ExplainCollectionSections(lang, e)...)))
	return p.render(w, "explain", v)
}
