package queries

import (
	"context"
	"strconv"
)

// Submission statuses (SPEC §12): draft → submitted → accepted, or
// submitted → returned (editable again) → submitted.
const (
	SubmissionDraft     = "draft"
	SubmissionSubmitted = "submitted"
	SubmissionReturned  = "returned"
	SubmissionAccepted  = "accepted"
)

// SubmissionInput is a declaration as the unit writes it.
type SubmissionInput struct {
	UnitCode string                `json:"unit_code"`
	Period   string                `json:"period"`
	Items    []SubmissionItemInput `json:"items"`
}

// emitSubmission tells the unit's users of a step of submission id (0:
// a collection notice) (SPEC §14).
func (s *Store) emitSubmission(ctx context.Context, kind string, id int64, unit, period, zh, en string) {
	users := []string{}
	if rows, err := s.db.QueryContext(ctx, "SELECT username FROM users WHERE unit_code = ? ORDER BY username", unit); err == nil {
		for rows.Next() {
			var u string
			if rows.Scan(&u) == nil {
				users = append(users, u)
			}
		}
		rows.Close()
	}
	s.Emit(Event{Kind: kind, Period: period, Unit: unit, Users: users, Text: zh, TextEn: en,
		Link: "/submissions?period=" + period, Ref: strconv.FormatInt(id, 10)})
}

var subStatusZH = map[string]string{SubmissionDraft: "草稿", SubmissionSubmitted: "已提交", SubmissionReturned: "已退回", SubmissionAccepted: "已通过"}

// SubmissionStatusName is the Chinese name of a submission status.
func SubmissionStatusName(st string) string { return subStatusZH[st] }
