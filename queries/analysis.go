package queries

import (
	"context"
	"fmt"
	"strings"

	"jixiao/data"
)

// ParamProblem is one rejected key of an analysis request (SPEC §10): the
// key named as the client sent it and a message in plain words.
type ParamProblem struct {
	Key     string `json:"key"`
	Message string `json:"message"`
}

// ParamError is a request of the analysis tools that cannot be answered as
// asked; the server answers it 422 with every problem.
type ParamError struct{ Problems []ParamProblem }

func (e *ParamError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Key + ": " + p.Message
	}
	return "invalid request: " + strings.Join(parts, "; ")
}

func paramErr(key, msg string) *ParamError {
	return &ParamError{Problems: []ParamProblem{{Key: key, Message: msg}}}
}

// quarterOrd checks that period is a quarter the scope sees and returns its
// ord (year*4 + quarter - 1). A year or a malformed period is a ParamError;
// an invisible or unknown quarter is ErrNotFound.
func (s *Store) quarterOrd(ctx context.Context, sc Scope, period string) (int, error) {
	p, err := data.ParsePeriod(period)
	if err != nil {
		return 0, paramErr("period", err.Error())
	}
	if p.IsYear() {
		return 0, paramErr("period", "period must be a quarter such as 2025Q3 / 期间须为季度")
	}
	if err := s.mustSeePeriod(ctx, sc, period); err != nil {
		return 0, err
	}
	var ord int
	if err := s.db.QueryRowContext(ctx, "SELECT ord FROM periods WHERE period = ?", period).Scan(&ord); err != nil {
		return 0, fmt.Errorf("period %s: %w", period, err)
	}
	return ord, nil
}

// resultsSQL is one quarter's per-indicator results (bind: the period):
// the stored results of SPEC §3.1 (view results, written at scoring time)
// with the rule and direction of the version. Every analysis tool reads
// the results through this one function.
func resultsSQL() string {
	return `SELECT r.unit_code, r.period, r.indicator_code, r.name, r.system, r.tier, r.lead_dept, r.weight,
	       r.actual, r.target, r.target_from, r.floor, r.ratio, r.earned, r.lost, r.missing,
	       r.valid_from, r.valid_to, r.decided, r.batch_id, r.version, i.rule, i.direction
	FROM results r JOIN indicators i ON i.code = r.indicator_code AND i.version = r.version
	WHERE r.period = ?`
}
