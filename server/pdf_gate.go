package server

import (
	"context"
	"errors"
	"sync"
	"time"
)

// pdfGate bounds PDF rendering (a headless Chromium each, hundreds of MB
// and tens of seconds): at most `slots` renders at once, at most `queue`
// requests waiting for one and each for at most `wait`, one PDF per user
// at a time. Finished PDFs are kept (a few, by key: the data version is in
// it) and a request for a PDF being rendered waits for that render
// instead of starting another.
type pdfGate struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration

	mu       sync.Mutex
	users    map[string]bool
	inflight map[string]*pdfCall
	cache    map[string][]byte
	order    []string // cache keys, oldest first
}

type pdfCall struct {
	done chan struct{}
	pdf  []byte
	err  error
}

// pdfCacheSize is how many rendered PDFs are kept.
const pdfCacheSize = 16

var (
	errPDFUserBusy = errors.New("您已有一份 PDF 报告正在生成，请等它完成后再试 / a PDF report of yours is being made: wait for it to finish")
	errPDFBusy     = errors.New("PDF 生成繁忙，请稍后再试 / PDF rendering is busy: try again in a minute")
)

func newPDFGate(slots, queue int, wait time.Duration) *pdfGate {
	return &pdfGate{slots: make(chan struct{}, slots), queue: make(chan struct{}, slots+queue), wait: wait,
		users: map[string]bool{}, inflight: map[string]*pdfCall{}, cache: map[string][]byte{}}
}

// do returns the PDF of key: kept, being rendered (joined), or rendered
// now by render under the gate for user. ctx ends the wait and the
// render (the client went away, or the time ran out).
func (g *pdfGate) do(ctx context.Context, key, user string, render func(context.Context) ([]byte, error)) ([]byte, error) {
	g.mu.Lock()
	if pdf, ok := g.cache[key]; ok {
		g.mu.Unlock()
		return pdf, nil
	}
	if c, ok := g.inflight[key]; ok {
		g.mu.Unlock()
		select {
		case <-c.done:
			return c.pdf, c.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if g.users[user] {
		g.mu.Unlock()
		return nil, errPDFUserBusy
	}
	select {
	case g.queue <- struct{}{}:
	default:
		g.mu.Unlock()
		return nil, errPDFBusy
	}
	c := &pdfCall{done: make(chan struct{})}
	g.users[user], g.inflight[key] = true, c
	g.mu.Unlock()

	c.pdf, c.err = g.render(ctx, render)
	g.mu.Lock()
	delete(g.users, user)
	delete(g.inflight, key)
	if c.err == nil {
		g.keep(key, c.pdf)
	}
	g.mu.Unlock()
	<-g.queue
	close(c.done)
	return c.pdf, c.err
}

// refuses answers at once what do would refuse before rendering (the
// user's PDF already in the making, a full queue), so that a refused
// request builds no report first; do checks again.
func (g *pdfGate) refuses(user string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.users[user]:
		return errPDFUserBusy
	case len(g.queue) == cap(g.queue):
		return errPDFBusy
	}
	return nil
}

// render waits for a slot (at most g.wait) and renders in it.
func (g *pdfGate) render(ctx context.Context, render func(context.Context) ([]byte, error)) ([]byte, error) {
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
	case <-t.C:
		return nil, errPDFBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-g.slots }()
	return render(ctx)
}

// keep adds a PDF to the kept ones, dropping the oldest (g.mu held).
func (g *pdfGate) keep(key string, pdf []byte) {
	if _, ok := g.cache[key]; !ok {
		g.order = append(g.order, key)
	}
	g.cache[key] = pdf
	for len(g.order) > pdfCacheSize {
		delete(g.cache, g.order[0])
		g.order = g.order[1:]
	}
}
