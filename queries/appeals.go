package queries

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Appeal statuses (SPEC §5): submitted → forwarded | rejected (an office
// covering the unit) → upheld | dismissed (a committee covering the unit).
const (
	AppealSubmitted = "submitted"
	AppealForwarded = "forwarded"
	AppealRejected  = "rejected"
	AppealUpheld    = "upheld"
	AppealDismissed = "dismissed"
)

// DefaultAppealWindowDays is how long after publication (review) appeals
// are accepted, unless the setting appeal.window_days says otherwise.
const DefaultAppealWindowDays = 10

// AppealStep is one recorded step of an appeal's history.
type AppealStep struct {
	Step    string    `json:"step"` // filed, forwarded, rejected, upheld, dismissed
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Comment string    `json:"comment,omitempty"`
	Actual  *float64  `json:"actual,omitempty"`
}

// Appeal is one appeal on an (indicator, unit, quarter) value, with its history.
type Appeal struct {
	ID            int64        `json:"id"`
	Status        string       `json:"status"`
	UnitCode      string       `json:"unit_code"`
	UnitName      string       `json:"unit_name"`
	IndicatorCode string       `json:"indicator_code"`
	IndicatorName string       `json:"indicator_name"`
	Period        string       `json:"period"`
	ClaimedActual float64      `json:"claimed_actual"`
	OldActual     *float64     `json:"old_actual"`
	DecidedActual *float64     `json:"decided_actual"`
	Reason        string       `json:"reason"`
	FiledBy       string       `json:"filed_by"`
	FiledAt       time.Time    `json:"filed_at"`
	ReviewedBy    *string      `json:"reviewed_by"`
	ReviewedAt    *time.Time   `json:"reviewed_at"`
	ReviewComment *string      `json:"review_comment"`
	DecidedBy     *string      `json:"decided_by"`
	DecidedAt     *time.Time   `json:"decided_at"`
	DecideComment *string      `json:"decide_comment"`
	Files         []Attachment `json:"files"`
	History       []AppealStep `json:"history"`
}

// AppealInput is what a unit files.
type AppealInput struct {
	UnitCode      string   `json:"unit_code"`
	IndicatorCode string   `json:"indicator_code"`
	Period        string   `json:"period"`
	ClaimedActual *float64 `json:"claimed_actual"`
	Reason        string   `json:"reason"`
}

// AppealFilter narrows Appeals; empty fields match everything.
type AppealFilter struct {
	Unit      string // this unit only
	Under     string // this unit and its subtree
	Period    string
	Status    string
	Indicator string
}

// AppealWindowDays is the setting appeal.window_days.
func (s *Store) AppealWindowDays(ctx context.Context) int {
	return windowDays(ctx, s.db)
}

func windowDays(ctx context.Context, x sqlExecer) int {
	var v string
	if err := x.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'appeal.window_days'").Scan(&v); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
			return n
		}
	}
	return DefaultAppealWindowDays
}

var statusZH = map[string]string{
	AppealSubmitted: "已提交", AppealForwarded: "已转呈", AppealRejected: "已驳回", AppealUpheld: "已支持", AppealDismissed: "不予支持",
}

// AppealStatusName is the Chinese name of an appeal status.
func AppealStatusName(status string) string { return statusZH[status] }
