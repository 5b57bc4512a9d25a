package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// PullWarnings are SPEC §11's pull_failed warnings (§10.4, in the warnings
// of every period): one per pull whose latest run failed, until a later
// run of it is ok or unchanged. They are for the administrator and the
// province office; the server asks the policy before adding them.
func (s *Store) PullWarnings(ctx context.Context, lang string) ([]Warning, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.name, r.period, r.started_at, r.errors
		FROM pulls p JOIN (SELECT *, row_number() OVER (PARTITION BY pull_id ORDER BY id DESC) AS n FROM pull_runs) r
		  ON r.pull_id = p.id AND r.n = 1
		WHERE r.status = 'failed' ORDER BY p.name`)
	if err != nil {
		return nil, fmt.Errorf("pull warnings: %w", err)
	}
	defer rows.Close()
	out := []Warning{}
	for rows.Next() {
		var id int64
		var name, period, errs string
		var at time.Time
		if err := rows.Scan(&id, &name, &period, &at, &errs); err != nil {
			return nil, err
		}
		var list []struct {
			Row     int    `json:"row"`
			Column  string `json:"column"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal([]byte(errs), &list)
		first := ""
		if len(list) > 0 {
			first = list[0].Message
			if list[0].Row > 0 {
				first = tr(lang, fmt.Sprintf("第 %d 行 %s：", list[0].Row, list[0].Column), fmt.Sprintf("row %d, %s: ", list[0].Row, list[0].Column)) + first
			}
		}
		pid := id
		when := at.Local().Format("2006-01-02 15:04")
		out = append(out, Warning{Kind: "pull_failed", Severity: "high", PullID: &pid, Pull: name,
			Message: tr(lang, fmt.Sprintf("数据拉取“%s”（%s）于 %s 失败，共 %d 处错误：%s", name, period, when, len(list), first),
				fmt.Sprintf("pull “%s” (%s) failed at %s with %d error(s): %s", name, period, when, len(list), first))})
	}
	return out, rows.Err()
}
