package reports

import (
	"encoding/csv"
	"io"
	"strings"

	"jixiao/data"
	"jixiao/queries"
)

// scoreColumnsEN are the headers of a score export read by a person in English.
var scoreColumnsEN = withSystems("en", "Period", "Unit code", "Unit", "Peer group", "Score", "Rank", "Units in group", "Grade", "Vetoed")

// WriteScoresCSVFor writes the score export for a person reading the UI in
// lang ("zh" or "en"): headers and grade names in that language and the
// veto as 是/否 (yes/no); the cells are those of WriteScoresCSV otherwise.
// The machine export (WriteScoresCSV) keeps SPEC §7's column names.
func WriteScoresCSVFor(w io.Writer, lang string, rows []queries.ScoreRow) error {
	if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return err
	}
	head := scoreColumnsZH
	if lang == "en" {
		head = scoreColumnsEN
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range rows {
		cells := scoreCells(r)
		cells[7] = localGrade(lang, r.Grade)
		cells[8] = localBool(lang, r.Vetoed)
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func localGrade(lang string, g *string) string {
	if g == nil {
		return ""
	}
	return data.GradeName(lang, *g)
}

func localBool(lang string, b bool) string {
	if lang == "en" {
		return map[bool]string{true: "yes", false: "no"}[b]
	}
	return boolZH(b)
}

// ExportLang is the language a score export's ?lang= asks for: "" (the
// machine columns of SPEC §7), "zh" or "en".
func ExportLang(q string) string {
	switch strings.ToLower(q) {
	case "zh", "en":
		return strings.ToLower(q)
	}
	return ""
}
