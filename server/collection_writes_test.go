package server

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"jixiao/queries"
	"jixiao/queries/workflow"
)

// collectPeriod is the open quarter of the write table's collection rows
// (a quarter not yet in the ledger: the fixture's are final or in review, which field checks and explanations use).
const collectPeriod = "2026Q1"

// collectedItem is an indicator of unit declared by units (source manual)
// in collectPeriod, or "" when none applies.
func (e *writeEnv) collectedItem(unit string) string {
	var code string
	e.st.DB().QueryRow(`SELECT min(a.indicator_code) FROM applicable a JOIN indicators i ON i.code = a.indicator_code AND i.version = a.version
		WHERE a.unit_code = ? AND i.source = 'manual' AND 2026*4 BETWEEN a.from_ord AND a.to_ord`, unit).Scan(&code)
	return code
}

// fieldItem is an indicator of unit checked in the field in 2025Q4.
func (e *writeEnv) fieldItem(unit string) string {
	var code string
	e.st.DB().QueryRow(`SELECT min(a.indicator_code) FROM applicable a JOIN indicators i ON i.code = a.indicator_code AND i.version = a.version
		WHERE a.unit_code = ? AND i.method IN ('field', 'both') AND 2025*4+3 BETWEEN a.from_ord AND a.to_ord`, unit).Scan(&code)
	return code
}

func isRoot(unit string) bool { return unit == "GX" }

// collectionItem makes the submission or explanation an :id route acts
// on; handled false for the other rules.
func (e *writeEnv) collectionItem(rule, unit string) (id int64, ok, handled bool) {
	ctx := context.Background()
	switch rule {
	case "submit.edit", "submit.accept":
		code := e.collectedItem(unit)
		if code == "" || isRoot(unit) {
			return 0, false, true
		}
		e.st.DB().Exec("DELETE FROM submissions WHERE unit_code = ?", unit)
		raw, _ := json.Marshal(97.5)
		sub, err := workflow.New(e.st).CreateSubmission(ctx, provinceOffice, queries.SubmissionInput{UnitCode: unit, Period: collectPeriod,
			Items: []queries.SubmissionItemInput{{IndicatorCode: code, Actual: raw}}})
		if err != nil {
			e.t.Fatalf("submission on %s: %v", unit, err)
		}
		if rule == "submit.accept" {
			if _, err := workflow.New(e.st).SubmitSubmission(ctx, provinceOffice, sub.ID); err != nil {
				e.t.Fatalf("submit on %s: %v", unit, err)
			}
		}
		return sub.ID, true, true
	case "explain.accept":
		n, err := workflow.New(e.st).AddExplanation(ctx, provinceOffice, queries.NoteInput{UnitCode: unit, Period: "2025Q4", Cause: "台账口径调整", Measures: "专项整改"})
		if err != nil {
			e.t.Fatalf("explanation on %s: %v", unit, err)
		}
		return n.ID, true, true
	}
	return 0, false, false
}

// collectionBody is what a collection route is sent for unit.
func (e *writeEnv) collectionBody(rule, unit string) (f fields, ok, handled bool) {
	switch rule {
	case "submit", "submit.edit":
		code := e.collectedItem(unit)
		if code == "" || isRoot(unit) {
			return nil, false, true
		}
		if rule == "submit" {
			e.st.DB().Exec("DELETE FROM submissions WHERE unit_code = ?", unit)
		}
		return fields{"unit_code": unit, "period": collectPeriod, "items": []fields{{"indicator_code": code, "actual": 98.5}}}, true, true
	case "submit.accept", "explain.accept":
		return fields{"comment": "请补充说明"}, true, true
	case "fieldcheck":
		code := e.fieldItem(unit)
		if code == "" {
			return nil, false, true
		}
		return fields{"unit_code": unit, "period": "2025Q4", "indicator_code": code, "verified_actual": 88.5, "finding": "现场核实"}, true, true
	case "explain":
		return fields{"unit_code": unit, "period": "2025Q4", "indicator_code": nil, "cause": "原因", "measures": "措施"}, true, true
	}
	return nil, false, strings.HasPrefix(rule, "submit")
}

// collectionRoute reports whether route is one of SPEC §12's.
func collectionRoute(route string) bool {
	for _, p := range []string{"/api/submissions", "/api/fieldchecks", "/api/explanations"} {
		if strings.Contains(route, p) {
			return true
		}
	}
	return false
}

// TestCollectionWritesByRoleAndUnit is the write table over SPEC §12's
// routes, beside the others' (a store of its own, in parallel).
func TestCollectionWritesByRoleAndUnit(t *testing.T) {
	writeTable(t, 1, collectionRoute)
}
