package queries

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"time"
)

// The report centre's reads: what each user receives (Scope.receives), the
// stored files, and for administrators the runs and what failed.

// InboxItem is one bureau's stored report of one quarter.
type InboxItem struct {
	Period       string    `json:"period"`
	PeriodStatus string    `json:"period_status"`
	UnitCode     string    `json:"unit_code"`
	UnitName     string    `json:"unit_name"`
	Formats      []string  `json:"formats"`
	GeneratedAt  time.Time `json:"generated_at"`
	DataVersion  int64     `json:"data_version"`
	Outdated     bool      `json:"outdated"` // the data changed after it was built
	New          bool      `json:"new"`      // generated after the user's last visit
}

// Inbox is what one user receives, newest first.
type Inbox struct {
	Items  []InboxItem `json:"items"`
	New    int         `json:"new"`
	SeenAt *time.Time  `json:"seen_at"` // the user's last visit; nil: never
}

// InboxFilter narrows the inbox: Username is whose visits count for New;
// Period, when set, one quarter.
type InboxFilter struct {
	Username string
	Period   string
}

// maxInbox bounds the inbox (every bureau of several quarters for an
// administrator of a large province).
const maxInbox = 20000

// ReportInbox lists the stored reports the scope receives.
func (s *Store) ReportInbox(ctx context.Context, sc Scope, f InboxFilter) (*Inbox, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	out := &Inbox{Items: []InboxItem{}}
	var seen sql.NullTime
	if f.Username != "" {
		err := s.db.QueryRowContext(ctx, "SELECT seen_at FROM report_visits WHERE username = ?", f.Username).Scan(&seen)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("inbox visit: %w", err)
		}
		out.SeenAt = nullTime(seen)
	}
	rc, rargs := sc.receivesReport("r.period", "r.unit_code", "u.grp")
	vp, pargs := sc.periodSQL()
	q := `WITH vp AS (` + vp + `)
		SELECT r.period, vp.status, r.unit_code, u.name, string_agg(r.format, ',' ORDER BY r.format),
		       max(r.generated_at), min(r.data_version), min(r.data_version) < (SELECT v FROM data_version)
		FROM reports r JOIN units u ON u.code = r.unit_code JOIN vp ON vp.period = r.period
		WHERE ` + rc + ` AND (? = '' OR r.period = ?)
		GROUP BY r.period, vp.status, r.unit_code, u.name, u.sort_key
		ORDER BY r.period DESC, u.sort_key, r.unit_code
		LIMIT ` + fmt.Sprint(maxInbox)
	args := append(append(pargs, rargs...), f.Period, f.Period)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it InboxItem
		var formats string
		if err := rows.Scan(&it.Period, &it.PeriodStatus, &it.UnitCode, &it.UnitName, &formats, &it.GeneratedAt, &it.DataVersion, &it.Outdated); err != nil {
			return nil, err
		}
		it.Formats = strings.Split(formats, ",")
		it.New = !seen.Valid || it.GeneratedAt.After(seen.Time)
		if it.New {
			out.New++
		}
		out.Items = append(out.Items, it)
	}
	return out, rows.Err()
}

// receivesReport is receives for a stored report (its quarter in
// periodCol): the scope receives its bureau, and still sees named every
// unit the report names (report_names), so that a report built before the
// unit tree moved never reaches a reader who no longer sees one of them.
// A report whose names are not recorded (stored before migration 042)
// reaches only the scope that sees everything.
func (sc Scope) receivesReport(periodCol, unitCol, grpCol string) (string, []any) {
	rc, args := sc.receives(unitCol, grpCol)
	if sc.All {
		return rc, args
	}
	seen, sargs := sc.sees("rn_u.code", "rn_u.grp", seeNamed)
	cond := "(" + rc + " AND EXISTS (SELECT 1 FROM report_names rn WHERE rn.period = " + periodCol + " AND rn.unit_code = " + unitCol + ")" +
		" AND NOT EXISTS (SELECT 1 FROM report_names rn WHERE rn.period = " + periodCol + " AND rn.unit_code = " + unitCol +
		" AND rn.named NOT IN (SELECT rn_u.code FROM units rn_u WHERE " + seen + ")))"
	return cond, append(args, sargs...)
}

// ReportFile is one stored report as it is downloaded. An HTML file's
// Body lacks the ECharts library, which goes back in at LibAt.
type ReportFile struct {
	Period      string
	UnitCode    string
	UnitName    string
	Format      string
	Body        []byte
	LibAt       *int64
	GeneratedAt time.Time
	DataVersion int64
}

// ReportFile returns a stored report the scope receives, or ErrNotFound
// (whether it is missing or out of the scope).
func (s *Store) ReportFile(ctx context.Context, sc Scope, period, unit, format string) (*ReportFile, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rc, rargs := sc.receivesReport("r.period", "r.unit_code", "u.grp")
	pc, pargs := sc.periodCond("r.period")
	q := `SELECT r.period, r.unit_code, u.name, r.format, r.body, r.lib_at, r.generated_at, r.data_version
		FROM reports r JOIN units u ON u.code = r.unit_code
		WHERE r.period = ? AND r.unit_code = ? AND r.format = ? AND ` + rc + ` AND ` + pc
	args := append(append([]any{period, unit, format}, rargs...), pargs...)
	var f ReportFile
	var packed []byte
	var lib sql.NullInt64
	err := s.db.QueryRowContext(ctx, q, args...).Scan(&f.Period, &f.UnitCode, &f.UnitName, &f.Format, &packed, &lib, &f.GeneratedAt, &f.DataVersion)
	if err == sql.ErrNoRows {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("report file: %w", err)
	}
	if lib.Valid {
		f.LibAt = &lib.Int64
	}
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return nil, fmt.Errorf("report file %s %s: %w", period, unit, err)
	}
	if f.Body, err = io.ReadAll(zr); err != nil {
		return nil, fmt.Errorf("report file %s %s: %w", period, unit, err)
	}
	return &f, nil
}

// ReportRunSummary is a run with the outcome of its attempts in the scope.
type ReportRunSummary struct {
	ReportRun
	OK      int `json:"ok"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

// ReportRuns lists the latest runs of the quarters the scope sees, with the
// attempts on the bureaus whose reports it receives.
func (s *Store) ReportRuns(ctx context.Context, sc Scope, limit int) ([]ReportRunSummary, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	pc, pargs := sc.periodCond("r.period")
	v, vargs := sc.receives("l.unit_code", "(SELECT grp FROM units WHERE code = l.unit_code)")
	q := `SELECT r.id, r.period, r.status, r.requested_by, r.requested_at, r.started_at, r.finished_at,
		       count(l.id) FILTER (WHERE l.status = 'ok'), count(l.id) FILTER (WHERE l.status = 'failed'),
		       count(l.id) FILTER (WHERE l.status = 'skipped')
		FROM report_runs r LEFT JOIN report_log l ON l.run_id = r.id AND ` + v + `
		WHERE ` + pc + `
		GROUP BY ALL ORDER BY r.id DESC LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, append(append(vargs, pargs...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("report runs: %w", err)
	}
	defer rows.Close()
	out := []ReportRunSummary{}
	for rows.Next() {
		var r ReportRunSummary
		var st, fin sql.NullTime
		if err := rows.Scan(&r.ID, &r.Period, &r.Status, &r.RequestedBy, &r.RequestedAt, &st, &fin, &r.OK, &r.Failed, &r.Skipped); err != nil {
			return nil, err
		}
		r.StartedAt, r.FinishedAt = nullTime(st), nullTime(fin)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReportProblem is a bureau whose latest attempt stored no report.
type ReportProblem struct {
	Period      string    `json:"period"`
	UnitCode    string    `json:"unit_code"`
	UnitName    string    `json:"unit_name"`
	Status      string    `json:"status"` // failed | skipped
	Message     string    `json:"message"`
	AttemptedBy string    `json:"attempted_by"`
	AttemptedAt time.Time `json:"attempted_at"`
	Stored      bool      `json:"stored"` // an older report is still stored
}

// ReportProblems lists the bureaus whose reports the scope receives and whose latest
// attempt in a visible quarter failed or was skipped, failures first.
func (s *Store) ReportProblems(ctx context.Context, sc Scope) ([]ReportProblem, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	pc, pargs := sc.periodCond("l.period")
	v, vargs := sc.receives("l.unit_code", "u.grp")
	q := `SELECT l.period, l.unit_code, u.name, l.status, l.message, l.attempted_by, l.attempted_at,
		       EXISTS (SELECT 1 FROM reports r WHERE r.period = l.period AND r.unit_code = l.unit_code)
		FROM report_log l JOIN units u ON u.code = l.unit_code
		WHERE ` + pc + ` AND ` + v + `
		QUALIFY row_number() OVER (PARTITION BY l.period, l.unit_code ORDER BY l.id DESC) = 1 AND l.status <> 'ok'
		ORDER BY l.status = 'skipped', l.period DESC, u.sort_key
		LIMIT 10000`
	rows, err := s.db.QueryContext(ctx, q, append(pargs, vargs...)...)
	if err != nil {
		return nil, fmt.Errorf("report problems: %w", err)
	}
	defer rows.Close()
	out := []ReportProblem{}
	for rows.Next() {
		var p ReportProblem
		if err := rows.Scan(&p.Period, &p.UnitCode, &p.UnitName, &p.Status, &p.Message, &p.AttemptedBy, &p.AttemptedAt, &p.Stored); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
