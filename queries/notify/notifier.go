// Package notify delivers SPEC §14's events: to each recipient's in-app
// inbox, by e-mail when they chose it, and to the administrator's webhooks.
// It subscribes to the store's events (Store.OnEvent), so that the write
// that caused an event never waits for a delivery: e-mails and webhook
// posts go through a persistent outbox in the database, tried by a worker
// with a timeout and retried with backoff, and a restart loses none.
package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"jixiao/queries"
)

// Notifier is the delivery of one store's events.
type Notifier struct {
	store *queries.Store
	// scope is what a user sees (the server's policy): a recipient is told
	// only of units it sees named.
	scope func(*queries.Account) queries.Scope
	log   *slog.Logger

	// Client posts webhooks; its Timeout bounds a slow URL.
	Client *http.Client
	// MailTimeout bounds one conversation with the mail server.
	MailTimeout time.Duration
	// Backoff is the wait before the retry after the n-th failed try
	// (the last value repeats); MaxAttempts bounds the tries.
	Backoff     []time.Duration
	MaxAttempts int
	// RectFirst is when after Start, and RectEvery how often, rectification
	// items are checked for being due or overdue.
	RectFirst, RectEvery time.Duration

	mu      sync.RWMutex
	stopped bool
	running sync.WaitGroup
	stop    chan struct{}
	wake    chan struct{}
}

// New makes a notifier; Start subscribes it and starts its worker.
func New(st *queries.Store, scope func(*queries.Account) queries.Scope, log *slog.Logger) *Notifier {
	return &Notifier{
		store: st, scope: scope, log: log,
		Client:      &http.Client{Timeout: 10 * time.Second},
		MailTimeout: 20 * time.Second,
		Backoff:     []time.Duration{20 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute},
		MaxAttempts: 5,
		RectFirst:   3 * time.Second,
		RectEvery:   10 * time.Minute,
		stop:        make(chan struct{}),
		wake:        make(chan struct{}, 1),
	}
}

// Start subscribes to the store's events and starts the outbox worker and
// the periodic rectification check.
func (n *Notifier) Start() {
	n.store.OnEvent(func(ev queries.Event) {
		if !n.enter() {
			return
		}
		defer n.running.Done()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := n.Handle(ctx, ev); err != nil {
			n.log.Error("notify: event", "event", ev.Kind, "unit", ev.Unit, "err", err)
		}
	})
	if n.enter() {
		go func() {
			defer n.running.Done()
			n.loop()
		}()
	}
}

// enter counts a goroutine of the notifier in, unless it is stopped.
func (n *Notifier) enter() bool {
	n.mu.RLock()
	defer n.mu.RUnlock()
	if n.stopped {
		return false
	}
	n.running.Add(1)
	return true
}

// Stop ends the worker and waits for the events being handled; events
// emitted afterwards are ignored (their outbox rows, if any, wait for the
// next start).
func (n *Notifier) Stop() {
	n.mu.Lock()
	if n.stopped {
		n.mu.Unlock()
		return
	}
	n.stopped = true
	close(n.stop)
	n.mu.Unlock()
	n.running.Wait()
}

// Wake asks the worker to look at the outbox now.
func (n *Notifier) Wake() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

// Handle delivers one event: the inbox of every recipient who may see what
// it names, an e-mail to those who chose one, and a post to each webhook
// subscribed to its kind (queued in the outbox).
func (n *Notifier) Handle(ctx context.Context, ev queries.Event) error {
	if !slices.Contains(queries.EventKinds, ev.Kind) {
		return fmt.Errorf("unknown event %q", ev.Kind)
	}
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	cands, err := n.store.NotifyCandidates(ctx, ev)
	if err != nil {
		return err
	}
	var out []queries.OutboxItem
	var told []string
	for _, r := range cands {
		ok, err := n.store.NotifyMaySee(ctx, n.scope(&r.Account), ev)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		told = append(told, r.Username)
		prefs, err := n.store.NotifyPrefs(ctx, r.Username)
		if err != nil {
			return err
		}
		if ch := prefs[ev.Kind]; (ch == queries.ChannelEmail || ch == queries.ChannelBoth) && r.Email != "" {
			out = append(out, queries.OutboxItem{Channel: "email", Target: r.Email, Event: ev.Kind, At: ev.At,
				Subject: "【绩效考核】" + ev.Text, Body: mailBody(ev)})
		}
	}
	if err := n.store.AddNotifications(ctx, told, ev); err != nil {
		return err
	}
	hooks, err := n.store.WebhooksFor(ctx, ev.Kind)
	if err != nil {
		return err
	}
	if len(hooks) > 0 {
		body, err := webhookBody(ev)
		if err != nil {
			return err
		}
		for _, id := range hooks {
			out = append(out, queries.OutboxItem{Channel: "webhook", Target: strconv.FormatInt(id, 10), Event: ev.Kind, At: ev.At, Body: body})
		}
	}
	if err := n.store.Enqueue(ctx, out...); err != nil {
		return err
	}
	if len(out) > 0 {
		n.Wake()
	}
	return nil
}

// webhookBody is the JSON posted for an event, the same on every attempt.
// A webhook is the administrator's, who sees every unit named.
func webhookBody(ev queries.Event) (string, error) {
	b, err := json.Marshal(map[string]any{
		"event": ev.Kind, "at": ev.At.UTC().Format(time.RFC3339Nano), "text": ev.Text, "text_en": ev.TextEn,
		"period": ev.Period, "unit_code": ev.Unit, "link": ev.Link, "ref": ev.Ref,
	})
	return string(b), err
}

// mailBody is the plain text of an e-mail: Chinese, then English.
func mailBody(ev queries.Event) string {
	s := ev.Text + "\r\n"
	if ev.TextEn != "" {
		s += ev.TextEn + "\r\n"
	}
	if ev.Link != "" {
		s += "\r\n" + ev.Link + "\r\n"
	}
	return s + "\r\n" + ev.At.Format("2006-01-02 15:04 MST") + "\r\n"
}
