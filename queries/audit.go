package queries

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// AuditEntry is one recorded write or security event.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Username string    `json:"username"`
	Action   string    `json:"action"`
	Target   string    `json:"target"`
	Detail   string    `json:"detail"`
	Addr     string    `json:"addr"`
}

// AuditFilter narrows the audit log; zero fields do not filter.
type AuditFilter struct {
	Username string
	Action   string
	Since    time.Time
	BeforeID int64 // page backwards: entries with a smaller id
	Limit    int   // default and maximum 1000
}

// AuditLog returns audit entries, newest first.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	var where []string
	var args []any
	if f.Username != "" {
		where, args = append(where, "username = ?"), append(args, f.Username)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if !f.Since.IsZero() {
		where, args = append(where, `"at" >= ?`), append(args, f.Since.UTC())
	}
	if f.BeforeID > 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	q := `SELECT id, "at", coalesce(username, ''), action, coalesce(target, ''), coalesce(detail, ''), coalesce(addr, '') FROM audit`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY id DESC LIMIT ?", append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Username, &e.Action, &e.Target, &e.Detail, &e.Addr); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
