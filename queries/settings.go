package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"jixiao/queries/scoring"
)

// SettingValue is one setting as GET /api/settings answers it (SPEC §14):
// its value in force (the default when none is stored), typed; a secret's
// value is never given, only whether one is set.
type SettingValue struct {
	Key           string   `json:"key"`
	Value         any      `json:"value"`
	Default       any      `json:"default"`
	Type          string   `json:"type"`
	Min           *float64 `json:"min"`
	Max           *float64 `json:"max"`
	Options       []string `json:"options"`
	Area          string   `json:"area"`
	Set           bool     `json:"set"` // a value is stored (else the default applies)
	Description   string   `json:"description"`
	DescriptionEn string   `json:"description_en"`
}

// typed turns a stored text into the JSON value of its type.
func (d SettingDef) typed(v string) any {
	switch d.Type {
	case SetInt:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case SetFloat:
		if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
	case SetBool:
		return v == "true"
	case SetSecret:
		return nil
	}
	if v == "" && d.Type != SetString && d.Type != SetEnum {
		return nil
	}
	return v
}

// Settings lists every registered setting with its value in force.
func (s *Store) Settings(ctx context.Context) ([]SettingValue, error) {
	stored, err := s.storedSettings(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := []SettingValue{}
	for _, d := range SettingDefs() {
		v, set := stored[d.Key]
		if !set {
			v = d.Default
		}
		sv := SettingValue{Key: d.Key, Value: d.typed(v), Default: d.typed(d.Default), Type: d.Type, Min: d.Min, Max: d.Max,
			Options: d.Options, Area: d.Area, Set: set, Description: d.Zh, DescriptionEn: d.En}
		if sv.Options == nil {
			sv.Options = []string{}
		}
		out = append(out, sv)
	}
	return out, nil
}

func (s *Store) storedSettings(ctx context.Context, x sqlExecer) (map[string]string, error) {
	rows, err := x.QueryContext(ctx, "SELECT key, value FROM settings LIMIT 100000")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, rows.Err()
}

// SettingText reads a PUT body's "value": a JSON string, number or boolean,
// as text; anything else (null, an object) is refused.
func SettingText(raw json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", paramErr("value", "请求体须为 {\"value\": …} / send {\"value\": …}")
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case float64:
		return strings.TrimSpace(string(raw)), nil
	}
	return "", paramErr("value", "值须为字符串、数字或布尔值 / the value must be a string, a number or a boolean")
}

// normalize checks v against the definition and returns the text stored.
func (d SettingDef) normalize(v string) (string, error) {
	v = strings.TrimSpace(v)
	bad := func(zh, en string) (string, error) { return "", paramErr("value", zh+" / "+en) }
	inRange := func(f float64) error {
		if (d.Min != nil && f < *d.Min) || (d.Max != nil && f > *d.Max) {
			_, err := bad(fmt.Sprintf("%s 须在 %s 与 %s 之间", d.Key, fnum(d.Min), fnum(d.Max)),
				fmt.Sprintf("%s must lie between %s and %s", d.Key, fnum(d.Min), fnum(d.Max)))
			return err
		}
		return nil
	}
	switch d.Type {
	case SetInt:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return bad(fmt.Sprintf("%s 须为整数", d.Key), fmt.Sprintf("%s must be a whole number", d.Key))
		}
		if err := inRange(float64(n)); err != nil {
			return "", err
		}
		return strconv.FormatInt(n, 10), nil
	case SetFloat:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return bad(fmt.Sprintf("%s 须为数字", d.Key), fmt.Sprintf("%s must be a number", d.Key))
		}
		if err := inRange(f); err != nil {
			return "", err
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case SetBool:
		b, err := strconv.ParseBool(strings.ToLower(v))
		if err != nil {
			return bad(fmt.Sprintf("%s 须为 true 或 false", d.Key), fmt.Sprintf("%s must be true or false", d.Key))
		}
		return strconv.FormatBool(b), nil
	case SetEnum:
		if !oneOf(d.Options, v) {
			return bad(fmt.Sprintf("%s 须为 %s 之一", d.Key, strings.Join(d.Options, "、")),
				fmt.Sprintf("%s must be one of %s", d.Key, strings.Join(d.Options, ", ")))
		}
		return v, nil
	}
	if len(v) > 2000 {
		return bad("值过长", "the value is too long")
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return bad("值含有控制字符", "the value holds control characters")
		}
	}
	if d.Check != nil && v != "" {
		if err := d.Check(v); err != nil {
			return bad(d.Key+"："+err.Error(), d.Key+": "+err.Error())
		}
	}
	return v, nil
}

func fnum(p *float64) string {
	if p == nil {
		return "—"
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

// PutSetting validates and stores one setting, audited (a secret sealed,
// and audited without its value; an empty value clears a setting back to
// its default). A grading setting re-grades every quarter and year that
// is not final in the same transaction, so the answer comes after the new
// grades are stored; final ones keep theirs.
func (s *Store) PutSetting(ctx context.Context, user, addr, key, value string) error {
	d, ok := LookupSetting(key)
	if !ok {
		return ErrNotFound
	}
	v := strings.TrimSpace(value)
	shown := v
	switch {
	case v == "":
		shown = "(default)"
	case d.Type == SetSecret:
		box, err := s.Secrets()
		if err != nil {
			return err
		}
		if v, err = box.Seal(value); err != nil {
			return err
		}
		shown = "(secret changed)"
	default:
		var err error
		if v, err = d.normalize(v); err != nil {
			return err
		}
		shown = v
	}
	if addr != "" {
		ctx = WithAddr(ctx, addr)
	}
	write := func(x sqlExecer) error {
		var err error
		if v == "" {
			_, err = x.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", key)
		} else {
			_, err = x.ExecContext(ctx, "INSERT OR REPLACE INTO settings VALUES (?, ?)", key, v)
		}
		if err != nil {
			return err
		}
		return auditX(ctx, x, user, "setting", key, shown)
	}
	if d.Area != AreaGrading {
		return s.writeFlow(ctx, write)
	}
	return s.regrade(ctx, write)
}

// regrade runs fn (a change of the grading settings) and grades again
// from the stored bases with the settings as fn left them, in one
// transaction that bumps the data version.
func (s *Store) regrade(ctx context.Context, fn func(x sqlExecer) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	// one transaction is one connection: scoring's temp tables stay on it
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		g, err := scoring.LoadGrading(ctx, tx)
		if err != nil {
			return err
		}
		if !(g.Excellent >= g.Good && g.Good >= g.Pass) {
			return paramErr("value", fmt.Sprintf("须满足 优秀 ≥ 良好 ≥ 合格（现为 %g、%g、%g） / grades must keep excellent ≥ good ≥ pass (now %g, %g, %g)",
				g.Excellent, g.Good, g.Pass, g.Excellent, g.Good, g.Pass))
		}
		if err := scoring.Rescore(ctx, tx, g, scoring.OnlyAdjustments); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE data_version SET v = v + 1")
		return err
	})
}

// SettingString is a setting's stored text, or its registered default.
func (s *Store) SettingString(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if err == sql.ErrNoRows {
		d, _ := LookupSetting(key)
		return d.Default, nil
	}
	return v, err
}

// SettingSecret is a secret setting opened ("" when none is set).
func (s *Store) SettingSecret(ctx context.Context, key string) (string, error) {
	v, err := s.SettingString(ctx, key)
	if err != nil || v == "" {
		return "", err
	}
	box, err := s.Secrets()
	if err != nil {
		return "", err
	}
	return box.Open(v)
}

func oneOf(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// SetSetting stores one setting and recomputes scores, for grading changes.
func (s *Store) SetSetting(ctx context.Context, user, key, value string) error {
	return s.writeConn(ctx, func(c sqlExecer) error {
		if _, err := c.ExecContext(ctx, "INSERT OR REPLACE INTO settings VALUES (?, ?)", key, value); err != nil {
			return err
		}
		return auditX(ctx, c, user, "setting", key, value)
	})
}

// LoadGrading reads the grading settings, falling back to the defaults.
func (s *Store) LoadGrading(ctx context.Context) (scoring.Grading, error) {
	return scoring.LoadGrading(ctx, s.db)
}
