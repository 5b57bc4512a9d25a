package queries

import (
	"sync"
	"time"

	"jixiao/queries/secrets"
)

// Event is something that happened that users may be told of (SPEC §14):
// the code that makes it happen emits it; the notifier decides who hears
// of it and how (in-app, e-mail, webhook). Emitting never waits for a
// delivery.
type Event struct {
	// Kind is one of SPEC §14's events: report_ready, pull_failed,
	// submission_due, submission_overdue, submission_returned,
	// submission_accepted, appeal_moved, rectification_due,
	// rectification_overdue.
	Kind string
	// At is when it happened (the emitter's clock).
	At time.Time
	// Period and Unit name what it is about ("" when nothing).
	Period string
	Unit   string
	// Users are the recipients the emitter names (usernames); empty means
	// the notifier's rule for the kind decides.
	Users []string
	// Text is the plain message in Chinese and English.
	Text, TextEn string
	// Link is the page of the thing, a path on this server ("" for none).
	Link string
	// Ref identifies the thing (a pull, submission, appeal id).
	Ref string
}

// events holds the subscribers of Emit.
type events struct {
	mu   sync.RWMutex
	subs []func(Event)
}

var storeEvents sync.Map // *Store -> *events

func (s *Store) events() *events {
	e, _ := storeEvents.LoadOrStore(s, &events{})
	return e.(*events)
}

// OnEvent adds a subscriber; it is called on a goroutine of its own for
// every event emitted after it subscribed.
func (s *Store) OnEvent(f func(Event)) {
	e := s.events()
	e.mu.Lock()
	e.subs = append(e.subs, f)
	e.mu.Unlock()
}

// Emit hands ev to every subscriber without waiting for them.
func (s *Store) Emit(ev Event) {
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	e := s.events()
	e.mu.RLock()
	subs := make([]func(Event), len(e.subs))
	copy(subs, e.subs)
	e.mu.RUnlock()
	for _, f := range subs {
		go f(ev)
	}
}

var secretBoxes sync.Map // *Store -> *secretOnce

type secretOnce struct {
	once sync.Once
	box  *secrets.Box
	err  error
}

// Secrets returns the box that seals this database's stored passwords
// (key from JIXIAO_SECRET_KEY or jixiao.key beside the database).
func (s *Store) Secrets() (*secrets.Box, error) {
	v, _ := secretBoxes.LoadOrStore(s, &secretOnce{})
	o := v.(*secretOnce)
	o.once.Do(func() { o.box, o.err = secrets.Load(s.path) })
	return o.box, o.err
}
