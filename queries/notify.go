package queries

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// SPEC §14 notifications, the store's side: who may be told of an event,
// each user's inbox and channel choices. Delivery (e-mail, webhooks) is
// queries/notify's; the outbox it works from is notify_outbox.go.

// EventKinds are SPEC §14's events, in the order pages list them.
var EventKinds = []string{"report_ready", "pull_failed", "submission_due", "submission_overdue",
	"submission_returned", "submission_accepted", "appeal_moved", "rectification_due", "rectification_overdue"}

// Notification channels a user may choose per event. The inbox always
// receives the event (SPEC: "in-app (the inbox, always)"); email and both
// also send it by e-mail.
const (
	ChannelInApp = "inapp"
	ChannelEmail = "email"
	ChannelBoth  = "both"
)

// Recipient is a user who may be told of an event, before the check of
// what they see.
type Recipient struct {
	Account
	Email string
}

// NotifyCandidates are the enabled users an event goes to before the
// check of their scope (NotifyMaySee). When the emitter names Users, those;
// otherwise the rule of the kind:
//   - report_ready: the users at or above the bureau and the administrators
//     (the check keeps those whose report centre receives the bureau's
//     report, Scope.receives);
//   - pull_failed: the administrators and the province office's users;
//   - submission_due, submission_overdue, submission_returned,
//     submission_accepted: the users of the unit the submission is for;
//   - appeal_moved, rectification_due, rectification_overdue: the users of
//     the unit (appeal steps name their recipients: the filer and the
//     office or committee that acts next).
func (s *Store) NotifyCandidates(ctx context.Context, ev Event) ([]Recipient, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	where, args := "", []any{}
	switch {
	case len(ev.Users) > 0:
		ph := strings.TrimSuffix(strings.Repeat("?,", len(ev.Users)), ",")
		where = "u.username IN (" + ph + ")"
		for _, u := range ev.Users {
			args = append(args, u)
		}
	case ev.Kind == "report_ready":
		// only users at or above the bureau may receive its report: the
		// rest are not asked (the check decides among these)
		where, args = "(u.role = 'admin' OR u.unit_code IN (SELECT ancestor FROM unit_tree WHERE descendant = ?))", []any{ev.Unit}
	case ev.Kind == "pull_failed":
		where = "(u.role = 'admin' OR (u.role = 'office' AND n.level = 'province'))"
	case ev.Unit != "":
		where, args = "u.unit_code = ?", []any{ev.Unit}
	default:
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT u.username, u.name, u.unit_code, u.role, coalesce(n.level, ''), coalesce(u.email, '')
		FROM users u LEFT JOIN units n ON n.code = u.unit_code
		WHERE NOT coalesce(u.disabled, false) AND `+where+` ORDER BY u.username LIMIT 100000`, args...)
	if err != nil {
		return nil, fmt.Errorf("notify recipients: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.Username, &r.Name, &r.UnitCode, &r.Role, &r.UnitLevel, &r.Email); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// NotifyMaySee reports whether a user with scope sc may be told of ev: a
// report_ready only when the scope receives the bureau's report in a
// period it sees; any other event naming a unit only when the scope sees
// that unit named (SPEC §4: an anonymised peer is never named). An event
// naming no unit passes.
func (s *Store) NotifyMaySee(ctx context.Context, sc Scope, ev Event) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if ev.Kind == "report_ready" {
		rc, rargs := sc.receives("u.code", "u.grp")
		pc, pargs := sc.periodCond("?")
		var ok bool
		err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM units u WHERE u.code = ? AND "+rc+") AND "+pc,
			append(append([]any{ev.Unit}, rargs...), append([]any{ev.Period}, pargs...)...)...).Scan(&ok)
		return ok, err
	}
	if ev.Unit == "" {
		return true, nil
	}
	v, args := sc.sees("u.code", "u.grp", seeNamed)
	var ok bool
	err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM units u WHERE u.code = ? AND "+v+")", append([]any{ev.Unit}, args...)...).Scan(&ok)
	return ok, err
}

// Notification is one message in a user's inbox.
type Notification struct {
	ID     int64     `json:"id"`
	Kind   string    `json:"event"`
	At     time.Time `json:"at"`
	Period string    `json:"period"`
	Unit   string    `json:"unit_code"`
	Text   string    `json:"text"`
	TextEn string    `json:"text_en"`
	Link   string    `json:"link"`
	Seen   bool      `json:"seen"`
}

// NotificationInbox is a user's inbox, newest first, with the unread count.
type NotificationInbox struct {
	Items  []Notification `json:"items"`
	Unread int            `json:"unread"`
}

// maxNotifications bounds the inbox a read returns.
const maxNotifications = 500

// AddNotifications puts ev in the users' inboxes, in one transaction. A
// delivery's bookkeeping: no audit entry, no data version.
func (s *Store) AddNotifications(ctx context.Context, usernames []string, ev Event) error {
	if len(usernames) == 0 {
		return nil
	}
	return s.writeQuiet(ctx, func(x sqlExecer) error {
		for _, u := range usernames {
			if _, err := x.ExecContext(ctx, `INSERT INTO notifications (username, kind, event_at, period, unit_code, text, text_en, link, ref)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u, ev.Kind, ev.At.UTC(), ev.Period, ev.Unit, ev.Text, ev.TextEn, ev.Link, ev.Ref); err != nil {
				return err
			}
		}
		return nil
	})
}

// Notifications is the user's own inbox, newest first.
func (s *Store) Notifications(ctx context.Context, username string) (*NotificationInbox, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	out := &NotificationInbox{Items: []Notification{}}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM notifications WHERE username = ? AND NOT seen", username).Scan(&out.Unread); err != nil {
		return nil, fmt.Errorf("notifications: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, event_at, period, unit_code, text, text_en, link, seen FROM notifications
		WHERE username = ? ORDER BY event_at DESC, id DESC LIMIT `+fmt.Sprint(maxNotifications), username)
	if err != nil {
		return nil, fmt.Errorf("notifications: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.Kind, &n.At, &n.Period, &n.Unit, &n.Text, &n.TextEn, &n.Link, &n.Seen); err != nil {
			return nil, err
		}
		out.Items = append(out.Items, n)
	}
	return out, rows.Err()
}

// UnreadNotifications counts the user's unread messages (the header's badge).
func (s *Store) UnreadNotifications(ctx context.Context, username string) (int, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM notifications WHERE username = ? AND NOT seen", username).Scan(&n)
	return n, err
}

// MarkNotificationsSeen marks every message of the user read.
func (s *Store) MarkNotificationsSeen(ctx context.Context, username string) error {
	return s.writeQuiet(ctx, func(x sqlExecer) error {
		_, err := x.ExecContext(ctx, "UPDATE notifications SET seen = true WHERE username = ? AND NOT seen", username)
		return err
	})
}

// NotifyPrefs is the user's channel for every event (inapp when unset).
func (s *Store) NotifyPrefs(ctx context.Context, username string) (map[string]string, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	out := map[string]string{}
	for _, k := range EventKinds {
		out[k] = ChannelInApp
	}
	rows, err := s.db.QueryContext(ctx, "SELECT event, channel FROM notify_prefs WHERE username = ?", username)
	if err != nil {
		return nil, fmt.Errorf("notification choices: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e, c string
		if err := rows.Scan(&e, &c); err != nil {
			return nil, err
		}
		if _, ok := out[e]; ok {
			out[e] = c
		}
	}
	return out, rows.Err()
}

// SetNotifyPrefs changes the channels of the events given (the others
// keep theirs); an unknown event or channel changes nothing (422).
func (s *Store) SetNotifyPrefs(ctx context.Context, username string, prefs map[string]string) error {
	keys := make([]string, 0, len(prefs))
	for k, v := range prefs {
		if !slices.Contains(EventKinds, k) {
			return paramErr(k, fmt.Sprintf("未知的通知事件 %q（可选：%s） / unknown event %q (one of %s)", k, strings.Join(EventKinds, ", "), k, strings.Join(EventKinds, ", ")))
		}
		if v != ChannelInApp && v != ChannelEmail && v != ChannelBoth {
			return paramErr(k, fmt.Sprintf(`通知方式须为 inapp、email 或 both，而不是 %q / the channel must be "inapp", "email" or "both", not %q`, v, v))
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return s.writeQuiet(ctx, func(x sqlExecer) error {
		for _, k := range keys {
			if _, err := x.ExecContext(ctx, "INSERT OR REPLACE INTO notify_prefs VALUES (?, ?, ?)", username, k, prefs[k]); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkOnce records that ref was notified as kind; false when it already was.
func (s *Store) MarkOnce(ctx context.Context, kind, ref string) (bool, error) {
	var fresh bool
	err := s.writeQuiet(ctx, func(x sqlExecer) error {
		err := x.QueryRowContext(ctx, "SELECT NOT EXISTS (SELECT 1 FROM notify_marks WHERE kind = ? AND ref = ?)", kind, ref).Scan(&fresh)
		if err != nil || !fresh {
			return err
		}
		_, err = x.ExecContext(ctx, "INSERT INTO notify_marks VALUES (?, ?)", kind, ref)
		return err
	})
	return fresh, err
}

// RectState is a rectification item not done whose deadline is near
// (State rectification_due) or past (rectification_overdue).
type RectState struct {
	ID       int64
	UnitCode string
	UnitName string
	Title    string
	Deadline string
	State    string
}

// RectStates lists every item due or overdue (the periodic check of the
// notifier: it sees every unit and names each recipient's own).
func (s *Store) RectStates(ctx context.Context) ([]RectState, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.unit_code, coalesce(u.name, r.unit_code), r.title, strftime(r.deadline, '%Y-%m-%d'),
		CASE WHEN `+rectOverdueSQL+` THEN 'rectification_overdue' ELSE 'rectification_due' END
		FROM rectifications r LEFT JOIN units u ON u.code = r.unit_code
		WHERE `+rectDueSQL+`
		ORDER BY r.id LIMIT 100000`)
	if err != nil {
		return nil, fmt.Errorf("rectification states: %w", err)
	}
	defer rows.Close()
	var out []RectState
	for rows.Next() {
		var r RectState
		if err := rows.Scan(&r.ID, &r.UnitCode, &r.UnitName, &r.Title, &r.Deadline, &r.State); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UserEmail is the user's e-mail address ("" when none).
func (s *Store) UserEmail(ctx context.Context, username string) (string, error) {
	var e string
	err := s.db.QueryRowContext(ctx, "SELECT coalesce(max(email), '') FROM users WHERE username = ?", username).Scan(&e)
	return e, err
}
