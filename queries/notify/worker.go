package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"jixiao/queries"
)

// loop delivers the outbox until Stop: whenever woken, when the earliest
// pending message is due, and at least every 30 s; it checks the
// rectification items RectFirst after the start and every RectEvery.
func (n *Notifier) loop() {
	rect := time.NewTimer(n.RectFirst)
	defer rect.Stop()
	for {
		wait := n.deliverDue()
		t := time.NewTimer(wait)
		select {
		case <-n.stop:
			t.Stop()
			return
		case <-n.wake:
		case <-t.C:
		case <-rect.C:
			n.checkRectifications()
			rect.Reset(n.RectEvery)
		}
		t.Stop()
	}
}

// deliverDue tries every due message (a few at a time, each bounded by its
// timeout) and returns how long to sleep until the next is due.
func (n *Notifier) deliverDue() time.Duration {
	ctx := context.Background()
	for {
		items, err := n.store.DueOutbox(ctx, time.Now(), 16)
		if err != nil {
			n.log.Error("notify: outbox", "err", err)
			return 30 * time.Second
		}
		if len(items) == 0 {
			break
		}
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for _, it := range items {
			wg.Add(1)
			sem <- struct{}{}
			go func(it queries.OutboxItem) {
				defer wg.Done()
				defer func() { <-sem }()
				n.tryOne(ctx, it)
			}(it)
		}
		wg.Wait()
		select {
		case <-n.stop:
			return time.Second
		default:
		}
	}
	next, err := n.store.NextOutboxAt(ctx)
	if err != nil || next.IsZero() {
		return 30 * time.Second
	}
	return min(max(time.Until(next), 50*time.Millisecond), 30*time.Second)
}

// tryOne makes one attempt at a message and records it.
func (n *Notifier) tryOne(ctx context.Context, it queries.OutboxItem) {
	attempt := it.Attempts + 1
	var status int
	var err error
	switch it.Channel {
	case "webhook":
		status, err = n.postWebhook(ctx, it)
	case "email":
		status, err = n.sendMail(ctx, it)
	default:
		err = fmt.Errorf("unknown channel %q", it.Channel)
	}
	errText, done, giveUp := "", err == nil, attempt >= n.MaxAttempts
	var final *permanent
	if errors.As(err, &final) {
		giveUp = true
	}
	next := time.Now()
	if err != nil {
		errText = err.Error()
		next = next.Add(n.Backoff[min(attempt-1, len(n.Backoff)-1)])
		n.log.Warn("notify: delivery failed", "channel", it.Channel, "target", it.Target, "event", it.Event, "attempt", attempt, "err", errText)
	}
	if err := n.store.RecordAttempt(ctx, it.ID, attempt, status, errText, done, giveUp, next); err != nil {
		n.log.Error("notify: recording a delivery", "err", err)
	}
}

// permanent is a failure no retry can mend (a deleted webhook, no mail
// server set up).
type permanent struct{ msg string }

func (p *permanent) Error() string { return p.msg }

// Sign is the X-Jixiao-Signature of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// postWebhook posts the message's body, signed; a 2xx answer delivers it.
func (n *Notifier) postWebhook(ctx context.Context, it queries.OutboxItem) (int, error) {
	id, err := strconv.ParseInt(it.Target, 10, 64)
	if err != nil {
		return 0, &permanent{"bad webhook id " + it.Target}
	}
	url, secret, err := n.store.WebhookTarget(ctx, id)
	if errors.Is(err, queries.ErrNotFound) {
		return 0, &permanent{"the webhook was deleted"}
	}
	if err != nil {
		return 0, err
	}
	body := []byte(it.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, &permanent{err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "jixiao-webhook")
	req.Header.Set("X-Jixiao-Event", it.Event)
	req.Header.Set("X-Jixiao-Signature", Sign(secret, body))
	resp, err := n.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// checkRectifications notifies each rectification item once when it
// becomes due and once when it becomes overdue, and asks for the
// collection's deadline events.
func (n *Notifier) checkRectifications() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := n.CheckRectifications(ctx); err != nil {
		n.log.Error("notify: rectification check", "err", err)
	}
	// The collection's deadlines (SPEC §12: submission_due, _overdue) are
	// checked by the store's CheckCollection where the collection feature
	// is built in; asked through an interface so that this package does
	// not depend on it.
	if c, ok := any(n.store).(interface {
		CheckCollection(context.Context, time.Time) (int, error)
	}); ok {
		if _, err := c.CheckCollection(ctx, time.Now()); err != nil {
			n.log.Error("notify: collection check", "err", err)
		}
	}
}

// CheckRectifications is one pass of the periodic check.
func (n *Notifier) CheckRectifications(ctx context.Context) error {
	states, err := n.store.RectStates(ctx)
	if err != nil {
		return err
	}
	for _, r := range states {
		ref := strconv.FormatInt(r.ID, 10)
		fresh, err := n.store.MarkOnce(ctx, r.State, ref)
		if err != nil {
			return err
		}
		if !fresh {
			continue
		}
		ev := queries.Event{Kind: r.State, At: time.Now(), Unit: r.UnitCode, Ref: ref, Link: "/rectifications/" + ref}
		if r.State == "rectification_overdue" {
			ev.Text = fmt.Sprintf("%s：整改事项“%s”已逾期（期限 %s）", r.UnitName, r.Title, r.Deadline)
			ev.TextEn = fmt.Sprintf("%s: rectification “%s” is overdue (deadline %s)", r.UnitName, r.Title, r.Deadline)
		} else {
			ev.Text = fmt.Sprintf("%s：整改事项“%s”将于 %s 到期", r.UnitName, r.Title, r.Deadline)
			ev.TextEn = fmt.Sprintf("%s: rectification “%s” is due on %s", r.UnitName, r.Title, r.Deadline)
		}
		if err := n.Handle(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}
