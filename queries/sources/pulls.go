package sources

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"jixiao/data"
)

// Pull is a query on a source that returns ledger rows, run by hand or on
// a schedule. Periods is "open" or a list of quarters.
type Pull struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Source     int64     `json:"source"`
	SourceName string    `json:"source_name"`
	Query      string    `json:"query"`
	Schedule   string    `json:"schedule"`
	Periods    any       `json:"periods"`
	CreatedAt  time.Time `json:"created_at"`
	LastRun    *Run      `json:"last_run"`
	// NewestValueAt is when the newest value now in force that one of its
	// runs brought was written (freshness on the sources page).
	NewestValueAt *time.Time `json:"newest_value_at"`
	// NextRun is when the schedule runs it next (nil: by hand only).
	NextRun *time.Time `json:"next_run"`
	periods string
}

// PullInput is a pull as written.
type PullInput struct {
	Name     string          `json:"name"`
	Source   int64           `json:"source"`
	Query    string          `json:"query"`
	Schedule string          `json:"schedule"`
	Periods  json.RawMessage `json:"periods"`
}

// parseSchedule is "" (by hand), five cron fields, a descriptor
// (@hourly …) or @every DURATION, in the server's time zone.
func parseSchedule(s string) (cron.Schedule, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if !strings.HasPrefix(s, "@") && len(strings.Fields(s)) != 5 {
		return nil, errors.New("not five fields")
	}
	if strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ=") {
		return nil, errors.New("time zone not allowed")
	}
	sc, err := cron.ParseStandard(s)
	if err != nil {
		return nil, err
	}
	if ev, ok := sc.(cron.ConstantDelaySchedule); ok && ev.Delay < time.Minute {
		return nil, errors.New("@every below one minute")
	}
	return sc, nil
}

// normPeriods turns the periods field into its stored text.
func normPeriods(raw json.RawMessage) (string, error) {
	bad := problem("periods", `periods 须为 "open" 或季度列表（如 ["2025Q1","2025Q2"]）`, `periods must be "open" or a list of quarters (e.g. ["2025Q1","2025Q2"])`)
	if len(raw) == 0 || string(raw) == "null" {
		return "open", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		s = strings.TrimSpace(s)
		if s == "" || s == "open" {
			return "open", nil
		}
		return normPeriods(json.RawMessage(`["` + strings.ReplaceAll(strings.ReplaceAll(s, `"`, ``), ",", `","`) + `"]`))
	}
	var list []string
	if json.Unmarshal(raw, &list) != nil || len(list) == 0 {
		return "", bad
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range list {
		p = strings.ToUpper(strings.TrimSpace(p))
		if !data.IsQuarter(p) {
			return "", bad
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return strings.Join(out, ","), nil
}

// firstKeyword is the query's first word after comments and parentheses.
func firstKeyword(q string) string {
	for {
		q = strings.TrimLeft(q, " \t\r\n(")
		switch {
		case strings.HasPrefix(q, "--"):
			if i := strings.IndexByte(q, '\n'); i >= 0 {
				q = q[i+1:]
				continue
			}
			return ""
		case strings.HasPrefix(q, "/*"):
			if i := strings.Index(q, "*/"); i >= 0 {
				q = q[i+2:]
				continue
			}
			return ""
		}
		end := strings.IndexFunc(q, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') })
		if end < 0 {
			end = len(q)
		}
		return strings.ToUpper(q[:end])
	}
}

func (sv *Service) checkPull(ctx context.Context, in *PullInput, self int64) (string, error) {
	in.Name, in.Schedule = strings.TrimSpace(in.Name), strings.TrimSpace(in.Schedule)
	in.Query = strings.TrimRight(strings.TrimSpace(in.Query), "; \t\r\n")
	switch {
	case in.Name == "" || len(in.Name) > 100:
		return "", problem("name", "名称不能为空（最多 100 个字符）", "a name is required (at most 100 characters)")
	case strings.HasPrefix(in.Name, "submission:"):
		return "", problem("name", "名称不能以 submission: 开头", "a name may not start with submission:")
	case in.Query == "":
		return "", problem("query", "查询不能为空", "a query is required")
	}
	if k := firstKeyword(in.Query); k != "SELECT" && k != "WITH" {
		return "", problem("query", "查询须为一条 SELECT 语句", "the query must be one SELECT statement")
	}
	if _, err := parseSchedule(in.Schedule); err != nil {
		return "", problem("schedule", "计划须为空、5 段 cron 表达式（如 0 2 * * *）或 @every 时长（至少 1m，如 @every 1h）",
			"schedule must be empty, a five-field cron expression (e.g. 0 2 * * *) or @every DURATION (at least 1m, e.g. @every 1h)")
	}
	periods, err := normPeriods(in.Periods)
	if err != nil {
		return "", err
	}
	var n int
	if err := sv.db.QueryRowContext(ctx, "SELECT count(*) FROM sources WHERE id = ?", in.Source).Scan(&n); err != nil {
		return "", err
	}
	if n == 0 {
		return "", problem("source", "数据源不存在", "no such source")
	}
	return periods, sv.nameFree(ctx, "pulls", in.Name, self)
}

// CreatePull stores a new pull.
func (sv *Service) CreatePull(ctx context.Context, user string, in PullInput) (*Pull, error) {
	periods, err := sv.checkPull(ctx, &in, 0)
	if err != nil {
		return nil, err
	}
	var id int64
	if err := sv.db.QueryRowContext(ctx, `INSERT INTO pulls (name, source_id, query, schedule, periods, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Name, in.Source, in.Query, in.Schedule, periods, user, sv.Now().UTC()).Scan(&id); err != nil {
		return nil, err
	}
	_ = sv.store.Audit(ctx, user, "pull.create", in.Name, in.Query, "")
	return sv.GetPull(ctx, id)
}

// UpdatePull replaces a pull (its runs stay).
func (sv *Service) UpdatePull(ctx context.Context, user string, id int64, in PullInput) (*Pull, error) {
	if _, err := sv.GetPull(ctx, id); err != nil {
		return nil, err
	}
	periods, err := sv.checkPull(ctx, &in, id)
	if err != nil {
		return nil, err
	}
	if _, err := sv.db.ExecContext(ctx, `UPDATE pulls SET name = ?, source_id = ?, query = ?, schedule = ?, periods = ? WHERE id = ?`,
		in.Name, in.Source, in.Query, in.Schedule, periods, id); err != nil {
		return nil, err
	}
	_ = sv.store.Audit(ctx, user, "pull.update", in.Name, in.Query, "")
	return sv.GetPull(ctx, id)
}

// DeletePull removes a pull and its run history (its batches stay).
func (sv *Service) DeletePull(ctx context.Context, user string, id int64) error {
	p, err := sv.GetPull(ctx, id)
	if err != nil {
		return err
	}
	unlock, err := sv.locks.lock(ctx, id)
	if err != nil {
		return err
	}
	defer unlock()
	for _, q := range []string{"DELETE FROM pull_runs WHERE pull_id = ?", "DELETE FROM pulls WHERE id = ?"} {
		if _, err := sv.db.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	_ = sv.store.Audit(ctx, user, "pull.delete", p.Name, "", "")
	return nil
}

// Pulls lists every pull with its last run.
func (sv *Service) Pulls(ctx context.Context) ([]Pull, error) {
	rows, err := sv.db.QueryContext(ctx, `SELECT p.id, p.name, p.source_id, coalesce(s.name, ''), p.query, p.schedule, p.periods, p.created_at,
		(SELECT max(b.created_at) FROM ledger_k l JOIN batches b ON b.id = l.batch_id WHERE b.source = p.name)
		FROM pulls p LEFT JOIN sources s ON s.id = p.source_id ORDER BY p.name, p.id`)
	if err != nil {
		return nil, err
	}
	out := []Pull{}
	for rows.Next() {
		var p Pull
		var newest sql.NullTime
		if err := rows.Scan(&p.ID, &p.Name, &p.Source, &p.SourceName, &p.Query, &p.Schedule, &p.periods, &p.CreatedAt, &newest); err != nil {
			rows.Close()
			return nil, err
		}
		if newest.Valid {
			t := newest.Time
			p.NewestValueAt = &t
		}
		p.Periods = "open"
		if p.periods != "open" {
			p.Periods = strings.Split(p.periods, ",")
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		runs, err := sv.Runs(ctx, out[i].ID, 1)
		if err != nil {
			return nil, err
		}
		if len(runs) > 0 {
			out[i].LastRun = &runs[0]
		}
		if sc, _ := parseSchedule(out[i].Schedule); sc != nil {
			next := sc.Next(sv.lastStart(out[i]))
			out[i].NextRun = &next
		}
	}
	return out, nil
}

// lastStart is when the schedule counts from: the last run, or the creation.
func (sv *Service) lastStart(p Pull) time.Time {
	if p.LastRun != nil {
		return p.LastRun.StartedAt.Local()
	}
	return p.CreatedAt.Local()
}

// GetPull is one pull with its last run.
func (sv *Service) GetPull(ctx context.Context, id int64) (*Pull, error) {
	all, err := sv.Pulls(ctx)
	return first(all, err, func(p *Pull) bool { return p.ID == id })
}

// PullByName is the pull of that name (the command line names pulls).
func (sv *Service) PullByName(ctx context.Context, name string) (*Pull, error) {
	all, err := sv.Pulls(ctx)
	return first(all, err, func(p *Pull) bool { return p.Name == name })
}
