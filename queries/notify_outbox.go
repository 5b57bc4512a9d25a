package queries

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The administrator's webhooks and the outbox of e-mails and webhook posts
// that queries/notify delivers with retries (SPEC §14).

// Webhook is one subscriber URL; its secret is write-only.
type Webhook struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// WebhookInput is what the administrator posts.
type WebhookInput struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
	Secret string   `json:"secret"`
}

func (in WebhookInput) check() error {
	u, err := url.Parse(strings.TrimSpace(in.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return paramErr("url", "须为 http:// 或 https:// 地址 / must be an http:// or https:// URL")
	}
	if len(in.Events) == 0 {
		return paramErr("events", "至少选择一个事件 / choose at least one event")
	}
	for _, e := range in.Events {
		if !slices.Contains(EventKinds, e) {
			return paramErr("events", fmt.Sprintf("未知的事件 %q / unknown event %q (one of %s)", e, e, strings.Join(EventKinds, ", ")))
		}
	}
	if strings.TrimSpace(in.Secret) == "" {
		return paramErr("secret", "须填写签名密钥 / a signing secret is required")
	}
	return nil
}

// CreateWebhook stores a webhook with its secret sealed, audited.
func (s *Store) CreateWebhook(ctx context.Context, user string, in WebhookInput) (*Webhook, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	box, err := s.Secrets()
	if err != nil {
		return nil, err
	}
	sealed, err := box.Seal(in.Secret)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.writeQuiet(ctx, func(x sqlExecer) error {
		if err := x.QueryRowContext(ctx, "INSERT INTO webhooks (url, events, secret_sealed, created_by) VALUES (?, ?, ?, ?) RETURNING id",
			strings.TrimSpace(in.URL), strings.Join(in.Events, ","), sealed, user).Scan(&id); err != nil {
			return err
		}
		return auditX(ctx, x, user, "webhook_create", fmt.Sprintf("webhook %d", id), strings.TrimSpace(in.URL)+" "+strings.Join(in.Events, ","))
	})
	if err != nil {
		return nil, err
	}
	return s.Webhook(ctx, id)
}

// Webhooks lists the webhooks, oldest first.
func (s *Store) Webhooks(ctx context.Context) ([]Webhook, error) {
	return s.webhooks(ctx, "")
}

// Webhook returns one webhook or ErrNotFound.
func (s *Store) Webhook(ctx context.Context, id int64) (*Webhook, error) {
	return one(s.webhooks(ctx, "AND id = ?", id))
}

func (s *Store) webhooks(ctx context.Context, where string, args ...any) ([]Webhook, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, "SELECT id, url, events, created_by, created_at FROM webhooks WHERE NOT deleted "+where+" ORDER BY id LIMIT 1000", args...)
	if err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	defer rows.Close()
	out := []Webhook{}
	for rows.Next() {
		var w Webhook
		var events string
		if err := rows.Scan(&w.ID, &w.URL, &events, &w.CreatedBy, &w.CreatedAt); err != nil {
			return nil, err
		}
		w.Events = strings.Split(events, ",")
		out = append(out, w)
	}
	return out, rows.Err()
}

// DeleteWebhook removes a webhook (its pending deliveries are dropped; its
// log stays readable by id until then); ErrNotFound when there is none.
func (s *Store) DeleteWebhook(ctx context.Context, user string, id int64) error {
	return s.writeQuiet(ctx, func(x sqlExecer) error {
		res, err := x.ExecContext(ctx, "UPDATE webhooks SET deleted = true WHERE id = ? AND NOT deleted", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := x.ExecContext(ctx, "UPDATE notify_outbox SET status = 'failed' WHERE channel = 'webhook' AND target = ? AND status = 'pending'", strconv.FormatInt(id, 10)); err != nil {
			return err
		}
		return auditX(ctx, x, user, "webhook_delete", fmt.Sprintf("webhook %d", id), "")
	})
}

// WebhooksFor lists the ids of the webhooks subscribed to kind.
func (s *Store) WebhooksFor(ctx context.Context, kind string) ([]int64, error) {
	ws, err := s.Webhooks(ctx)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, w := range ws {
		if slices.Contains(w.Events, kind) {
			out = append(out, w.ID)
		}
	}
	return out, nil
}

// WebhookTarget is the URL and the opened secret of a webhook, for the
// delivery; ErrNotFound when it was deleted.
func (s *Store) WebhookTarget(ctx context.Context, id int64) (string, string, error) {
	var u, sealed string
	err := s.db.QueryRowContext(ctx, "SELECT url, secret_sealed FROM webhooks WHERE id = ? AND NOT deleted", id).Scan(&u, &sealed)
	if err == sql.ErrNoRows {
		return "", "", ErrNotFound
	}
	if err != nil {
		return "", "", err
	}
	box, err := s.Secrets()
	if err != nil {
		return "", "", err
	}
	secret, err := box.Open(sealed)
	return u, secret, err
}

// Delivery is one attempt at a webhook post.
type Delivery struct {
	Event   string    `json:"event"`
	At      time.Time `json:"at"`
	Attempt int       `json:"attempt"`
	Status  int       `json:"status"`
	Error   string    `json:"error"`
	TriedAt time.Time `json:"tried_at"`
}

// WebhookDeliveries is a webhook's delivery log, newest attempt first.
func (s *Store) WebhookDeliveries(ctx context.Context, id int64) ([]Delivery, error) {
	if _, err := s.Webhook(ctx, id); err != nil {
		return nil, err
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `SELECT o.event, o.event_at, a.attempt, a.status, a.error, a.tried_at
		FROM notify_attempts a JOIN notify_outbox o ON o.id = a.outbox_id
		WHERE o.channel = 'webhook' AND o.target = ? ORDER BY a.tried_at DESC, a.attempt DESC LIMIT 1000`, strconv.FormatInt(id, 10))
	if err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	defer rows.Close()
	out := []Delivery{}
	for rows.Next() {
		var d Delivery
		if err := rows.Scan(&d.Event, &d.At, &d.Attempt, &d.Status, &d.Error, &d.TriedAt); err != nil {
			return nil, err
		}
		d.At = d.At.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// OutboxItem is one message to deliver.
type OutboxItem struct {
	ID       int64
	Channel  string // email | webhook
	Target   string // an address, or a webhook's id
	Event    string
	At       time.Time
	Subject  string
	Body     string
	Attempts int
}

// Enqueue adds messages to the outbox.
func (s *Store) Enqueue(ctx context.Context, items ...OutboxItem) error {
	if len(items) == 0 {
		return nil
	}
	return s.writeQuiet(ctx, func(x sqlExecer) error {
		for _, it := range items {
			if _, err := x.ExecContext(ctx, `INSERT INTO notify_outbox (channel, target, event, event_at, subject, body) VALUES (?, ?, ?, ?, ?, ?)`,
				it.Channel, it.Target, it.Event, it.At.UTC(), it.Subject, it.Body); err != nil {
				return err
			}
		}
		return nil
	})
}

// DueOutbox lists the pending messages whose next try is due, oldest first.
func (s *Store) DueOutbox(ctx context.Context, now time.Time, limit int) ([]OutboxItem, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := s.db.QueryContext(ctx, `SELECT id, channel, target, event, event_at, subject, body, attempts FROM notify_outbox
		WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?`, now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var it OutboxItem
		if err := rows.Scan(&it.ID, &it.Channel, &it.Target, &it.Event, &it.At, &it.Subject, &it.Body, &it.Attempts); err != nil {
			return nil, err
		}
		it.At = it.At.UTC()
		out = append(out, it)
	}
	return out, rows.Err()
}

// NextOutboxAt is when the earliest pending message is due (zero: none).
func (s *Store) NextOutboxAt(ctx context.Context) (time.Time, error) {
	var t sql.NullTime
	err := s.db.QueryRowContext(ctx, "SELECT min(next_at) FROM notify_outbox WHERE status = 'pending'").Scan(&t)
	return t.Time.UTC(), err
}

// RecordAttempt logs a try of an outbox message: done, failed for good
// (giveUp), or due again at next.
func (s *Store) RecordAttempt(ctx context.Context, id int64, attempt, status int, errText string, done, giveUp bool, next time.Time) error {
	st := "pending"
	if done {
		st = "done"
	} else if giveUp {
		st = "failed"
	}
	return s.writeQuiet(ctx, func(x sqlExecer) error {
		if _, err := x.ExecContext(ctx, "INSERT INTO notify_attempts (outbox_id, attempt, status, error) VALUES (?, ?, ?, ?)", id, attempt, status, errText); err != nil {
			return err
		}
		_, err := x.ExecContext(ctx, "UPDATE notify_outbox SET status = ?, attempts = ?, next_at = ? WHERE id = ?", st, attempt, next.UTC(), id)
		return err
	})
}

// SMTPSettings are the notify.smtp.* settings; Password is opened from its
// sealed value. Host "" means e-mail is not set up.
type SMTPSettings struct {
	Host, From, User, Password string
	Port                       int
	StartTLS                   bool
}

// Setting keys of the mail server (SPEC §14). notify.smtp.password is
// stored sealed (Store.Secrets()).
const (
	SettingSMTPHost     = "notify.smtp.host"
	SettingSMTPPort     = "notify.smtp.port"
	SettingSMTPFrom     = "notify.smtp.from"
	SettingSMTPUser     = "notify.smtp.user"
	SettingSMTPPassword = "notify.smtp.password"
	SettingSMTPStartTLS = "notify.smtp.starttls"
)

// LoadSMTP reads the mail server's settings (port 25 and STARTTLS off when
// unset).
func (s *Store) LoadSMTP(ctx context.Context) (SMTPSettings, error) {
	out := SMTPSettings{Port: 25}
	rows, err := s.db.QueryContext(ctx, "SELECT key, value FROM settings WHERE key LIKE 'notify.smtp.%'")
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return out, err
		}
		v = strings.TrimSpace(v)
		switch k {
		case SettingSMTPHost:
			out.Host = v
		case SettingSMTPPort:
			if n, err := strconv.Atoi(v); err == nil && n > 0 && n < 65536 {
				out.Port = n
			}
		case SettingSMTPFrom:
			out.From = v
		case SettingSMTPUser:
			out.User = v
		case SettingSMTPPassword:
			if v != "" {
				box, err := s.Secrets()
				if err != nil {
					return out, err
				}
				if out.Password, err = box.Open(v); err != nil {
					return out, fmt.Errorf("%s: %w", SettingSMTPPassword, err)
				}
			}
		case SettingSMTPStartTLS:
			out.StartTLS = v == "true" || v == "1"
		}
	}
	return out, rows.Err()
}
