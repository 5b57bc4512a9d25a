package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"jixiao/data"
)

// The write actions of collection (SPEC §12): a unit declares its values,
// the office above accepts them; an office above checks a value on site;
// a unit explains its losses, the office above accepts the explanation.
const (
	ActSubmit        = "submit"         // write and submit the unit's own declaration
	ActSubmitAccept  = "submit.accept"  // accept or return a declaration
	ActFieldCheck    = "fieldcheck"     // record a field check (实地核查)
	ActExplain       = "explain"        // write an explanation (情况说明)
	ActExplainAccept = "explain.accept" // accept or return an explanation
)

func init() {
	Actions = append(Actions, ActSubmit, ActSubmitAccept, ActFieldCheck, ActExplain, ActExplainAccept)
}

// SettingCollectionSources names the indicator sources that units declare
// themselves (comma-separated; default "manual").
const SettingCollectionSources = "collection.sources"

// collectionSources reads the setting collection.sources.
func collectionSources(ctx context.Context, x sqlExecer) (map[string]bool, error) {
	v := "manual"
	err := x.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", SettingCollectionSources).Scan(&v)
	if err != nil && err != sql.ErrNoRows {
		return nil, err
	}
	out := map[string]bool{}
	for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == ' ' }) {
		out[s] = true
	}
	if len(out) == 0 {
		out["manual"] = true
	}
	return out, nil
}

// sourcesSQL is the collected sources as a SQL list of literals.
func sourcesSQL(src map[string]bool) string {
	var l []string
	for s := range src {
		l = append(l, quoteLit(s))
	}
	return "[" + strings.Join(l, ", ") + "]"
}

// quarterOrdOf is year*4 + quarter - 1 of a well-formed quarter, or an
// Invalid error naming the period.
func quarterOrdOf(period string) (int, error) {
	p, err := data.ParsePeriod(period)
	if err != nil || p.IsYear() {
		return 0, paramErr("period", fmt.Sprintf("%q is not a quarter YYYYQ1…YYYYQ4 / 期间须为季度", period))
	}
	return p.Year*4 + p.Quarter - 1, nil
}

// collectStatus is the status of a quarter for collection: a period's
// status, or "open" for a quarter after every period (not yet in the
// ledger: the quarter being collected); anything else is a conflict.
func collectStatus(ctx context.Context, x sqlExecer, period string) (string, error) {
	st, err := periodStatus(ctx, x, period)
	if err == nil {
		return st, nil
	}
	if err != ErrNotFound {
		return "", err
	}
	ord, err := quarterOrdOf(period)
	if err != nil {
		return "", err
	}
	var last sql.NullInt64
	if err := x.QueryRowContext(ctx, "SELECT max(ord) FROM periods").Scan(&last); err != nil {
		return "", err
	}
	if last.Valid && int64(ord) <= last.Int64 {
		return "", conflict(fmt.Sprintf("考核期 %s 不在台账中", period), fmt.Sprintf("period %s is not in the ledger", period))
	}
	return "open", nil
}

// mustBeOpen is a conflict unless the quarter takes collection.
func mustBeOpen(ctx context.Context, x sqlExecer, period string) error {
	st, err := collectStatus(ctx, x, period)
	if err != nil {
		return err
	}
	if st != "open" {
		return conflict(fmt.Sprintf("考核期 %s 已公示或定稿，不再接受报送", period), fmt.Sprintf("period %s is %s: only an open quarter takes submissions", period, st))
	}
	return nil
}

// numberOf reads a declared value: a JSON number or a numeric string
// (a trailing % is dropped, as in files). ok false for anything else.
func numberOf(raw json.RawMessage) (float64, bool) {
	var f float64
	if err := json.Unmarshal(raw, &f); err == nil {
		return f, !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, false
	}
	s = strings.TrimRight(strings.TrimSpace(strings.ReplaceAll(s, ",", "")), "%％")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// collected is one indicator a unit declares in a quarter.
type collected struct {
	Code, Name, Unit string
	Method           string
}

// collectedOf lists the indicators of the collected sources applicable to
// unit in the quarter of ord, by code.
func collectedOf(ctx context.Context, x sqlExecer, unit string, ord int) (map[string]collected, []string, error) {
	src, err := collectionSources(ctx, x)
	if err != nil {
		return nil, nil, err
	}
	rows, err := x.QueryContext(ctx, `SELECT a.indicator_code, i.name, coalesce(i.unit, ''), coalesce(i.method, 'desk')
		FROM applicable a JOIN indicators i ON i.code = a.indicator_code AND i.version = a.version
		WHERE a.unit_code = ? AND ? BETWEEN a.from_ord AND a.to_ord AND list_contains(`+sourcesSQL(src)+`, i.source)
		ORDER BY a.indicator_code`, unit, ord)
	if err != nil {
		return nil, nil, fmt.Errorf("collected indicators: %w", err)
	}
	defer rows.Close()
	out, order := map[string]collected{}, []string{}
	for rows.Next() {
		var c collected
		if err := rows.Scan(&c.Code, &c.Name, &c.Unit, &c.Method); err != nil {
			return nil, nil, err
		}
		out[c.Code] = c
		order = append(order, c.Code)
	}
	return out, order, rows.Err()
}

// SubmissionItemInput is one declared value as a client sends it; actual
// is kept raw so that a value that is no number is named, not a 400.
type SubmissionItemInput struct {
	IndicatorCode string          `json:"indicator_code"`
	Actual        json.RawMessage `json:"actual"`
	Note          string          `json:"note"`
}

// DeclaredValue is a checked declared value of a submission.
type DeclaredValue struct {
	Code   string
	Actual float64
	Note   string
}

// checkItems validates declared values like ledger rows (SPEC §2): every
// problem is named by its item, all reported at once (422).
func (s *Store) checkItems(ctx context.Context, x sqlExecer, unit, period string, in []SubmissionItemInput) ([]DeclaredValue, error) {
	ord, err := quarterOrdOf(period)
	if err != nil {
		return nil, err
	}
	lim, err := loadLimits(ctx, x)
	if err != nil {
		return nil, err
	}
	coll, _, err := collectedOf(ctx, x, unit, ord)
	if err != nil {
		return nil, err
	}
	var probs []ParamProblem
	bad := func(i int, field, code, zh, en string) {
		probs = append(probs, ParamProblem{Key: fmt.Sprintf("items[%d].%s", i, field), Message: fmt.Sprintf("%s: %s / %s", code, en, zh)})
	}
	seen := map[string]bool{}
	out := make([]DeclaredValue, 0, len(in))
	for i, it := range in {
		code := strings.TrimSpace(it.IndicatorCode)
		if _, ok := coll[code]; !ok {
			var src sql.NullString
			var known, applies bool
			err := x.QueryRowContext(ctx, `SELECT count(*) > 0, max(i.source),
				EXISTS (SELECT 1 FROM applicable a WHERE a.unit_code = ? AND a.indicator_code = ? AND ? BETWEEN a.from_ord AND a.to_ord)
				FROM indicators i WHERE i.code = ?`, unit, code, ord, code).Scan(&known, &src, &applies)
			if err != nil {
				return nil, err
			}
			switch {
			case code == "":
				bad(i, "indicator_code", "?", "请填写指标代码", "indicator_code is required")
			case !known:
				bad(i, "indicator_code", code, "指标代码不存在", "unknown indicator")
			case !applies:
				bad(i, "indicator_code", code, fmt.Sprintf("该指标不适用于单位 %s 在 %s 的考核", unit, period), fmt.Sprintf("does not apply to %s in %s", unit, period))
			default:
				bad(i, "indicator_code", code, fmt.Sprintf("数据来源为 %s，不由单位申报", src.String), fmt.Sprintf("its source is %s, not declared by units", src.String))
			}
			continue
		}
		if seen[code] {
			bad(i, "indicator_code", code, "同一指标重复填报", "declared twice")
			continue
		}
		seen[code] = true
		if len(it.Actual) == 0 || string(it.Actual) == "null" {
			bad(i, "actual", code, "请填写实际值", "actual is required")
			continue
		}
		v, ok := numberOf(it.Actual)
		if !ok {
			bad(i, "actual", code, fmt.Sprintf("实际值 %s 不是数字", string(it.Actual)), fmt.Sprintf("actual %s is not a number", string(it.Actual)))
			continue
		}
		if math.Abs(v) > lim.MaxValue {
			bad(i, "actual", code, fmt.Sprintf("数值 %g 超出允许范围（绝对值不得超过 %g）", v, lim.MaxValue), fmt.Sprintf("%g is out of range (the magnitude may not exceed %g)", v, lim.MaxValue))
			continue
		}
		if len([]rune(it.Note)) > maxText {
			bad(i, "note", code, fmt.Sprintf("备注不能超过 %d 字", maxText), fmt.Sprintf("the note is longer than %d characters", maxText))
			continue
		}
		out = append(out, DeclaredValue{Code: code, Actual: v, Note: strings.TrimSpace(it.Note)})
	}
	if len(probs) > 0 {
		return nil, &ParamError{Problems: probs}
	}
	return out, nil
}
