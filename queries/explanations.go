package queries

import (
	"context"
	"database/sql"
	"time"
)

// Explanation statuses (SPEC §12.2).
const (
	ExplanationSubmitted = "submitted"
	ExplanationAccepted  = "accepted"
	ExplanationReturned  = "returned"
)

// Note is an explanation (情况说明): why a unit lost points or fell in a
// quarter and what it will do.
type Note struct {
	ID            int64      `json:"id"`
	UnitCode      string     `json:"unit_code"`
	UnitName      string     `json:"unit_name"`
	Period        string     `json:"period"`
	IndicatorCode *string    `json:"indicator_code"`
	IndicatorName *string    `json:"indicator_name"`
	Cause         string     `json:"cause"`
	Measures      string     `json:"measures"`
	Status        string     `json:"status"`
	By            string     `json:"by"`
	At            time.Time  `json:"at"`
	DecidedBy     *string    `json:"decided_by"`
	DecidedAt     *time.Time `json:"decided_at"`
	Comment       *string    `json:"comment"`
}

// NoteInput is what the unit writes.
type NoteInput struct {
	UnitCode      string  `json:"unit_code"`
	Period        string  `json:"period"`
	IndicatorCode *string `json:"indicator_code"`
	Cause         string  `json:"cause"`
	Measures      string  `json:"measures"`
}

// NoteFilter narrows Explanations; empty fields match everything.
type NoteFilter struct {
	Period, Unit, Indicator string
	AcceptedOnly            bool
}

// Explanation returns one visible explanation, or ErrNotFound.
func (s *Store) Explanation(ctx context.Context, sc Scope, id int64) (*Note, error) {
	return one(s.explanations(ctx, sc, NoteFilter{}, id))
}

// Explanations lists the explanations the scope sees, newest first: every
// one of the units whose workflow items it sees, and the accepted ones of
// every unit it sees named — never an anonymised peer's — in visible periods.
func (s *Store) Explanations(ctx context.Context, sc Scope, f NoteFilter) ([]Note, error) {
	return s.explanations(ctx, sc, f, 0)
}

func (s *Store) explanations(ctx context.Context, sc Scope, f NoteFilter, id int64) ([]Note, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	fl, fa := sc.sees("e.unit_code", "", seeFlow)
	nm, na := sc.sees("e.unit_code", "", seeNamed)
	pc, pa := sc.periodCond("e.period")
	q := `SELECT e.id, e.unit_code, u.name, e.period, e.indicator_code,
	       (SELECT any_value(name) FROM indicators i WHERE i.code = e.indicator_code),
	       e.cause, e.measures, e.status, e.written_by, e.written_at, e.decided_by, e.decided_at, e.comment
	FROM explanations e JOIN units u ON u.code = e.unit_code
	WHERE ((` + fl + `) OR (e.status = 'accepted' AND ` + nm + `)) AND ` + pc + `
	  AND (? = 0 OR e.id = ?) AND (? = '' OR e.period = ?) AND (? = '' OR e.unit_code = ?)
	  AND (? = '' OR e.indicator_code = ?) AND (NOT ? OR e.status = 'accepted')
	ORDER BY e.id DESC LIMIT 10000`
	args := append(append(append(fa, na...), pa...), id, id, f.Period, f.Period, f.Unit, f.Unit, f.Indicator, f.Indicator, f.AcceptedOnly)
	return listOf(ctx, s.db, "explanations", q, args, func(rows *sql.Rows) (Note, error) {
		var n Note
		var ind, iname, by, com sql.NullString
		var at sql.NullTime
		err := rows.Scan(&n.ID, &n.UnitCode, &n.UnitName, &n.Period, &ind, &iname, &n.Cause, &n.Measures, &n.Status,
			&n.By, &n.At, &by, &at, &com)
		n.IndicatorCode, n.IndicatorName, n.DecidedBy, n.Comment, n.DecidedAt = nullStr(ind), nullStr(iname), nullStr(by), nullStr(com), nullTime(at)
		return n, err
	})
}
