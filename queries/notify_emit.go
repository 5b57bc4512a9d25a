package queries

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// The events this package's own writes make happen (SPEC §14): a bureau's
// report stored in the report centre, and every step of an appeal. An
// event is emitted after its write committed; reading what it says is
// best effort: a failure never fails the write.

// emitReportReady tells the users whose report centre receives the
// bureau's report (the notifier checks Scope.receives per recipient).
func (s *Store) emitReportReady(ctx context.Context, period, unit string) {
	name := unit
	_ = s.db.QueryRowContext(ctx, "SELECT coalesce(max(name), ?) FROM units WHERE code = ?", unit, unit).Scan(&name)
	s.Emit(Event{Kind: "report_ready", At: time.Now(), Period: period, Unit: unit, Ref: period + "/" + unit,
		Text:   fmt.Sprintf("%s %s 季度绩效分析报告已生成", name, period),
		TextEn: fmt.Sprintf("The %s quarterly report of %s is ready", period, name),
		Link:   "/reports?period=" + period})
}

// appealNextSQL are the users who act next on an appeal in its status:
// a submitted one is reviewed by the office of the nearest unit above the
// appeal's unit that has one; a forwarded one is decided by the committee
// of the nearest unit at or above it that has one. A closed appeal has
// none (only its filer hears of it).
const appealNextSQL = `WITH cand AS (
	SELECT us.username, t.distance FROM unit_tree t JOIN users us ON us.unit_code = t.ancestor
	WHERE t.descendant = ? AND us.role = ? AND t.distance >= ? AND NOT coalesce(us.disabled, false))
	SELECT username FROM cand WHERE distance = (SELECT min(distance) FROM cand) ORDER BY username`

// emitAppealMoved tells the filer and whoever acts next of an appeal's step.
func (s *Store) emitAppealMoved(ctx context.Context, id int64) {
	var unit, name, indicator, period, status, filer string
	err := s.db.QueryRowContext(ctx, `SELECT a.unit_code, coalesce(u.name, a.unit_code), a.indicator_code, a.period, a.status, a.filed_by
		FROM appeals a LEFT JOIN units u ON u.code = a.unit_code WHERE a.id = ?`, id).Scan(&unit, &name, &indicator, &period, &status, &filer)
	if err != nil {
		return
	}
	users := []string{filer}
	role, minDist := "", 0
	switch status {
	case AppealSubmitted:
		role, minDist = "office", 1
	case AppealForwarded:
		role = "committee"
	}
	if role != "" {
		if rows, err := s.db.QueryContext(ctx, appealNextSQL, unit, role, minDist); err == nil {
			for rows.Next() {
				var u string
				if rows.Scan(&u) == nil && u != filer {
					users = append(users, u)
				}
			}
			rows.Close()
		}
	}
	statusEn := map[string]string{AppealSubmitted: "submitted", AppealForwarded: "forwarded to the committee",
		AppealRejected: "rejected", AppealUpheld: "upheld", AppealDismissed: "dismissed"}[status]
	ref := strconv.FormatInt(id, 10)
	s.Emit(Event{Kind: "appeal_moved", At: time.Now(), Period: period, Unit: unit, Users: users, Ref: ref,
		Text:   fmt.Sprintf("%s %s 指标 %s 的申诉 #%d：%s", name, period, indicator, id, statusZH[status]),
		TextEn: fmt.Sprintf("Appeal #%d of %s on %s (%s): %s", id, name, indicator, period, statusEn),
		Link:   "/appeals/" + ref})
}
