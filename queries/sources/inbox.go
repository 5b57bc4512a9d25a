package sources

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/imports"
)

// InboxUser is the importer of the drop folder's batches.
const InboxUser = "inbox"

// inboxKinds are the folders of the drop folder, one per kind of file.
var inboxKinds = []data.Kind{data.KindUnits, data.KindIndicators, data.KindValues, data.KindAdjustments}

// Inbox imports the files placed in DIR/units, DIR/indicators,
// DIR/values and DIR/adjustments once their size has stayed the same for
// Stable, then moves each to DIR/done/ or, rejected, to DIR/failed/ with
// NAME.errors.csv (row, column, message) beside it.
type Inbox struct {
	sv     *Service
	dir    string
	log    *slog.Logger
	Stable time.Duration
	seen   map[string]seenFile
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type seenFile struct {
	size  int64
	mtime time.Time
	since time.Time
}

// NewInbox prepares the drop folder dir (creating its folders).
func (sv *Service) NewInbox(dir string, log *slog.Logger) (*Inbox, error) {
	if log == nil {
		log = slog.Default()
	}
	for _, sub := range []string{"units", "indicators", "values", "adjustments", "done", "failed"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o750); err != nil {
			return nil, fmt.Errorf("drop folder: %w", err)
		}
	}
	return &Inbox{sv: sv, dir: dir, log: log, Stable: 2 * time.Second, seen: map[string]seenFile{}}, nil
}

// Start polls the folder every tick (500 ms when 0) until Stop.
func (in *Inbox) Start(tick time.Duration) {
	if tick <= 0 {
		tick = 500 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	in.cancel = cancel
	poll(ctx, &in.wg, tick, func(ctx context.Context) { in.Scan(ctx) })
}

// Stop ends the polling and waits for an import under way.
func (in *Inbox) Stop() {
	if in.cancel != nil {
		in.cancel()
	}
	in.wg.Wait()
}

// Scan imports every file whose size has been stable long enough and
// returns how many it handled.
func (in *Inbox) Scan(ctx context.Context) int {
	now := time.Now()
	handled := 0
	present := map[string]bool{}
	for _, kind := range inboxKinds {
		entries, err := os.ReadDir(filepath.Join(in.dir, string(kind)))
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".part") {
				continue
			}
			path := filepath.Join(in.dir, string(kind), name)
			present[path] = true
			fi, err := e.Info()
			if err != nil {
				continue
			}
			prev, ok := in.seen[path]
			if !ok || prev.size != fi.Size() || !prev.mtime.Equal(fi.ModTime()) {
				in.seen[path] = seenFile{size: fi.Size(), mtime: fi.ModTime(), since: now}
				continue
			}
			if now.Sub(prev.since) < in.Stable || ctx.Err() != nil {
				continue
			}
			in.importFile(ctx, kind, path, name)
			delete(in.seen, path)
			handled++
		}
	}
	for p := range in.seen {
		if !present[p] {
			delete(in.seen, p)
		}
	}
	return handled
}

func (in *Inbox) importFile(ctx context.Context, kind data.Kind, path, name string) {
	b, err := imports.Import(ctx, in.sv.store, kind, path, imports.Options{User: InboxUser, Filename: name})
	if err == nil {
		dest := in.moveTo("done", path, name)
		in.log.Info("drop folder: imported", "file", name, "kind", kind, "batch", b.ID, "rows", b.Rows, "moved_to", dest)
		return
	}
	if ctx.Err() != nil {
		return // shutting down: the file stays and is imported at the next start
	}
	var rej *imports.RejectedError
	var rows []data.RowError
	if errors.As(err, &rej) {
		rows = rej.Errors
	} else {
		msg := queries.MessageOf(err)
		if msg == "" {
			msg = err.Error()
		}
		rows = []data.RowError{{Row: 0, Message: msg}}
	}
	dest := in.moveTo("failed", path, name)
	if werr := writeErrors(dest+".errors.csv", rows); werr != nil {
		in.log.Error("drop folder: writing errors", "file", name, "err", werr)
	}
	in.log.Warn("drop folder: rejected", "file", name, "kind", kind, "errors", len(rows), "moved_to", dest)
}

// moveTo moves the file into DIR/sub, keeping its name unless taken.
func (in *Inbox) moveTo(sub, path, name string) string {
	dest := filepath.Join(in.dir, sub, name)
	if _, err := os.Stat(dest); err == nil {
		dest = filepath.Join(in.dir, sub, time.Now().Format("20060102-150405")+"-"+name)
	}
	if err := os.Rename(path, dest); err != nil {
		in.log.Error("drop folder: move", "file", name, "err", err)
	}
	return dest
}

func writeErrors(path string, rows []data.RowError) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"row", "column", "message"})
	for _, r := range rows {
		_ = w.Write([]string{strconv.Itoa(r.Row), data.SafeCSVCell(r.Column), data.SafeCSVCell(r.Message)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
